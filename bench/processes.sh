# Sourced by bench/run.sh: the tools, the work folder, and the processes it measures, nginx and the gateway.
# shellcheck shell=bash disable=SC2034 # what it sets is used in the other files

export QUARKUS_REDIS_HOSTS=${QUARKUS_REDIS_HOSTS:-redis://127.0.0.1:6379}
# The gateways' breaker events go to keys of their own, removed at the end: the Redis may be shared
if [ -z "${GATEWAY_REDIS_KEY_PREFIX:-}" ]; then
    export GATEWAY_REDIS_KEY_PREFIX=breakwater-bench-$$
    BENCH_KEYS=$GATEWAY_REDIS_KEY_PREFIX
fi
BACKEND_PORT=$((PORT_BASE + 1))
PROXY_PORT=$((PORT_BASE + 2))
COMPARED_PORT=$((PORT_BASE + 4)) # the gateway is on PORT_BASE + 3 (use_gateway below), a variant compared with it here
# --compare-endpoints N: the backend listens on N-1 more ports, from PORT_BASE + 5 on, so that one nginx serving one
# file is N endpoints of one backend
MORE_BACKEND_PORTS=()
# ControlAPI's URL: the backend; a gateway can be given another (start_gateway): ENDPOINTS_URL lists all its ports
BACKEND_URL=http://127.0.0.1:$BACKEND_PORT
ENDPOINTS_URL=$BACKEND_URL
MORE_BACKEND_LISTENS=
CONTROL_URL=
for ((more_port = PORT_BASE + 5; more_port < PORT_BASE + 4 + ${COMPARE_ENDPOINTS:-1}; more_port++)); do
    MORE_BACKEND_PORTS+=("$more_port")
    ENDPOINTS_URL+=,http://127.0.0.1:$more_port
    MORE_BACKEND_LISTENS+="listen 127.0.0.1:$more_port; "
done
DIRECT_URL=http://127.0.0.1:$BACKEND_PORT/hello.json
PROXY_URL=http://127.0.0.1:$PROXY_PORT/hello.json
# a 10 MiB answer, to measure how fast bodies stream through; on fewer connections, each of which then gets its
# answers at a steady pace rather than a share of 64
LARGE_MIB=10
LARGE_CONNECTIONS=8
PROXY_LARGE_URL=http://127.0.0.1:$PROXY_PORT/large.bin

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Debian's wrk, nginx, gnuplot and python3; installed when missing and we are root.
need_tools() {
    local missing=() tool
    for tool in wrk:wrk nginx:nginx-light gnuplot:gnuplot-nox curl:curl python3:python3; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || missing+=("${tool#*:}")
    done
    if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        log "installing ${missing[*]}"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "could not install ${missing[*]}"
    elif [ ${#missing[@]} -gt 0 ]; then
        die "missing tools; install them with: sudo apt-get install ${missing[*]}"
    fi
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

# stop_pid PID [SECONDS]: SIGTERM, then SIGKILL if it is still there after SECONDS (default 10)
stop_pid() {
    local pid=$1 seconds=${2:-10} i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 $((seconds * 10))); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# The work folder, and cleaning up, however the script ends. Whatever it starts is a job of this shell, wrk too (run
# in the background and waited for, so that a signal is handled at once, not after wrk's run): the jobs still running
# are stopped, the last started first.
start_work() {
    WORK=$(mktemp -d /tmp/breakwater-bench.XXXXXX)
    chmod 755 "$WORK" # nginx workers run as nobody when we are root
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}
cleanup() {
    local status=$? pid
    trap - EXIT INT TERM
    for pid in $(jobs -p | tac); do stop_pid "$pid"; done
    if [ -n "${BENCH_KEYS:-}" ] && command -v redis-cli >/dev/null; then
        redis-cli -u "$QUARKUS_REDIS_HOSTS" --scan --pattern "$BENCH_KEYS:*" 2>/dev/null \
            | xargs -r redis-cli -u "$QUARKUS_REDIS_HOSTS" del >/dev/null 2>&1 || true
    fi
    if [ "$KEEP_WORK" = yes ] || [ "$status" -ne 0 ]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
    exit "$status"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# The machine, for the report
machine_description() {
    local cpu memory os java_version settings
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
    os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)
    java_version=$("$JAVA" -version 2>&1 | head -n 1 | sed 's/"//g')
    # settings of the gateway given through the environment, other than those this script sets
    settings=$(env | grep -E '^(GATEWAY_|CONTROL_API_|DATA_API_|QUARKUS_|MALLOC_)' | grep -vE '^(QUARKUS_REDIS_HOSTS|GATEWAY_REDIS_KEY_PREFIX)=' | sort | tr '\n' ' ')
    echo "$(nproc) cores ($cpu), $memory, $os, Linux $(uname -r); gateway on $java_version with" \
        "${JAVA_OPTS:-default JVM settings}${settings:+ and ${settings% }}; $("$NGINX" -v 2>&1 | sed 's/^nginx version: //');" \
        "$(wrk -v 2>&1 | head -n 1 | awk '{ print "wrk " $2 }'). Load generator, backends and gateway share the same cores."
}

build_gateway() {
    local app=$PROJECT_DIR/target/quarkus-app/quarkus-run.jar
    if [ "$BUILD" = yes ] || { [ "$BUILD" = auto ] && [ ! -f "$app" ]; }; then
        log "packaging the gateway (./mvnw package -DskipTests)"
        (cd "$PROJECT_DIR" && ./mvnw -q -B package -DskipTests) >"$WORK/build.log" 2>&1 \
            || die "build failed: $(tail -n 30 "$WORK/build.log")"
    fi
    [ -f "$app" ] || die "$app is missing; run ./mvnw package -DskipTests or drop --no-build"
    GATEWAY_APP=$(dirname "$app")
}

# wait_for_200 URL SECONDS [PID]: polls every 10 ms; fails when the time is up or the process PID has died
wait_for_200() {
    local url=$1 deadline=$(($(date +%s) + $2)) pid=${3:-}
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ]; do
        [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && return 1
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.01
    done
}

# The backend and the proxy: one nginx (bench/nginx.conf), serving a small JSON file and a LARGE_MIB one
start_nginx() {
    mkdir -p "$WORK/www" "$WORK/nginx-temp"
    printf '{"service":"backend","status":"ok","items":[1,2,3]}\n' >"$WORK/www/hello.json"
    head -c $((LARGE_MIB * 1024 * 1024)) /dev/urandom >"$WORK/www/large.bin"
    chmod -R a+rX "$WORK/www"
    : >"$WORK/backend-failing-hits.log"
    sed -e "s|@WORK@|$WORK|g" -e "s|@BACKEND_PORT@|$BACKEND_PORT|g" -e "s|@PROXY_PORT@|$PROXY_PORT|g" \
        -e "s|@MORE_BACKEND_LISTENS@|$MORE_BACKEND_LISTENS|" \
        "$BENCH_DIR/nginx.conf" >"$WORK/nginx.conf"
    "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" >"$WORK/nginx.out" 2>&1 &
    wait_for_200 "$PROXY_URL" 10 || die "nginx did not start: $(cat "$WORK/nginx.out" "$WORK/nginx-error.log" 2>/dev/null)"
}

# use_gateway PORT PID: the gateway that start_gateway, trip_breaker, warm_up and measure work on
use_gateway() {
    GATEWAY_PORT=$1
    GATEWAY_PID=$2
    CLOSED_URL=http://127.0.0.1:$GATEWAY_PORT/api/control/hello.json
    OPEN_URL=http://127.0.0.1:$GATEWAY_PORT/api/data/hello.json
    LARGE_URL=http://127.0.0.1:$GATEWAY_PORT/api/control/large.bin
}
use_gateway $((PORT_BASE + 3)) ""

# start_gateway LOG APP_DIR JAVA_COMMAND [JVM OPTIONS...]: starts APP_DIR/quarkus-run.jar from APP_DIR (as the AOT
# cache wants it) in front of the backend, ControlAPI's URL being CONTROL_URL if set (CONTROL_URL=... start_gateway),
# BACKEND_URL if not; sets GATEWAY_PID and STARTUP_MS (launch to first proxied 200). With NATIVE=yes, JAVA_COMMAND is
# a native executable, started with the options and no jar.
start_gateway() {
    local log=$1 dir=$2 java=$3 t0 jar=(-jar quarkus-run.jar)
    shift 3
    if [ "${NATIVE:-}" = yes ]; then jar=(); fi
    port_free "$GATEWAY_PORT" || die "port $GATEWAY_PORT is taken; choose another --port-base"
    t0=$(date +%s%N)
    (
        cd "$dir" || exit
        CONTROL_API_URL=${CONTROL_URL:-$BACKEND_URL} \
            DATA_API_URL=http://127.0.0.1:$BACKEND_PORT/failing \
            DATA_API_RESET_TIMEOUT=86400 \
            QUARKUS_HTTP_PORT=$GATEWAY_PORT \
            exec "$java" "$@" "${jar[@]}" >"$log" 2>&1
    ) &
    GATEWAY_PID=$!
    wait_for_200 "$CLOSED_URL" 120 "$GATEWAY_PID" || die "the gateway did not answer: $(tail -n 30 "$log")"
    STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
}

# "started in 1.234s" from the Quarkus banner, in ms
quarkus_started_ms() {
    sed -n 's/.* started in \([0-9.]*\)s\..*/\1/p' "$1" | head -n 1 | awk '{ printf "%d", $1 * 1000 }'
}

rss_kb() { awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status"; }

# The DataAPI backend answers 500 to everything, so its fail-max (5) calls open its breaker; its reset timeout of a
# day keeps it open through the run.
trip_breaker() {
    local i code
    for i in $(seq 1 20); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$OPEN_URL")
        [ "$code" = 503 ] && return 0
    done
    die "the DataAPI breaker did not open (last answer: $code)"
}

