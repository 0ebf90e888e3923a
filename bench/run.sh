#!/usr/bin/env bash
# What does the gateway cost per request? Measures, on this machine and in one run:
#
#   backend, direct           nginx serving a small static JSON file
#   nginx proxy               nginx reverse proxy in front of it (upstream keep-alive)
#   gateway, breaker closed   the packaged gateway (prod profile) in front of the same backend
#   gateway, breaker open     the gateway answering 503 by itself; the script checks that no call reached the backend
#   10 MiB answers            the nginx proxy and the gateway passing on a 10 MiB file at full speed, on 8
#                             connections (MiB/s)
#
# each at full speed (requests/s, p50, p99) and at a moderate steady rate (p50, p99 and the p99 added over the direct
# backend), plus the gateway's time from process start to its first proxied 200 and its memory (RSS) after the run.
# Every run starts a fresh gateway and warms it up before measuring; the results are the medians over the runs.
# With --aot it also compares the gateway's start-up with and without the Java 25 AOT cache. With --compare-opts or
# --compare-app it measures instead how a variant of the gateway (other JVM options, or another build) compares with
# it on the closed-breaker path: both run side by side and are measured in turn, so that both see the same machine.
#
# Writes bench/results/latest.md (the tables, also printed), latest-runs.tsv (every measurement) and latest.png
# (a chart). See README, "Performance". Run bench/run.sh --help for the parameters.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$BENCH_DIR")

CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
RATE=${RATE:-2000}
WARMUP=${WARMUP:-20}
PORT_BASE=${PORT_BASE:-18900}
OUT_DIR=${OUT_DIR:-$BENCH_DIR/results}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-@$PROJECT_DIR/src/main/jvm/jvm.options}
# glibc malloc arenas of the gateway (see src/main/jvm/jvm.options); exported so that the report shows it
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
BUILD=${BUILD:-auto}
AOT=${AOT:-no}
JAVA25_HOME=${JAVA25_HOME:-}
STARTUPS=${STARTUPS:-5}
PROFILE=${PROFILE:-no}
QUIET_WAIT=${QUIET_WAIT:-60}
KEEP_WORK=${KEEP_WORK:-no}
COMPARE_APP=${COMPARE_APP:-}
COMPARE_OPTS=${COMPARE_OPTS:-}
ARGUMENTS="$*"

usage() {
    cat <<EOF
Usage: bench/run.sh [options]          (each option can also be given as the environment variable in brackets)

  -c, --connections N   concurrent keep-alive connections [CONNECTIONS, default $CONNECTIONS]
  -t, --threads N       wrk threads [THREADS, default $THREADS]
  -d, --duration S      seconds per measurement [DURATION, default $DURATION]
  -r, --runs N          runs, each with a fresh gateway; medians are reported [RUNS, default $RUNS]
  -R, --rate N          the steady rate of the latency measurement, requests/s [RATE, default $RATE]
  -w, --warmup S        seconds of load on a new gateway before measuring it, longer while its JIT is still
                        busy [WARMUP, default $WARMUP]
  -p, --port-base N     listens on N+1 (backend), N+2 (nginx proxy), N+3 (gateway) [PORT_BASE, default $PORT_BASE]
  -o, --out DIR         where results are written [OUT_DIR, default bench/results]
      --build           package the gateway first (default: only when target/quarkus-app is missing) [BUILD=yes]
      --no-build        use target/quarkus-app as it is [BUILD=no]
      --aot             also compare start-up with the Java 25 AOT cache [AOT=yes]; needs a JDK 25 in
                        JAVA25_HOME or /usr/lib/jvm/*-25*; builds it in target/bench-aot, leaves target/ alone
      --aot-only        only the start-up comparison, no load scenarios [AOT=only]
      --startups N      launches per variant in the start-up comparison [STARTUPS, default $STARTUPS]
      --profile         record a JFR profile of the gateway during the last run's closed-breaker
                        measurement, into OUT_DIR/gateway-closed.jfr [PROFILE=yes]
      --quiet-wait S    before each measurement, wait up to S seconds for other processes to use less than a
                        quarter of a core; 0: do not wait [QUIET_WAIT, default $QUIET_WAIT]
      --compare-opts OPTS  instead of the scenarios, compare the gateway with itself started with these JVM
                        options added (e.g. "-Dquarkus...=false") [COMPARE_OPTS]
      --compare-app DIR    instead of the scenarios, compare the gateway with another build of it, whose
                        quarkus-run.jar is in DIR [COMPARE_APP]; both can be given. The two gateways run side by
                        side, are warmed up alike, and then measured in turn, RUNS rounds (8 or more for a small
                        difference), each round with the nginx proxy too; writes OUT_DIR/compare.md
      --quick           a smoke test: 1 run of 3 s, 5 s warm-up
  -h, --help            this text

Other environment: JAVA (java command for the gateway, default: java on PATH), JAVA_OPTS (its options, default
@src/main/jvm/jvm.options), MALLOC_ARENA_MAX (default 2), QUARKUS_REDIS_HOSTS (default redis://127.0.0.1:6379), KEEP_WORK=yes (keep the logs in the work folder).
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        -c | --connections) CONNECTIONS=$2; shift ;;
        -t | --threads) THREADS=$2; shift ;;
        -d | --duration) DURATION=$2; shift ;;
        -r | --runs) RUNS=$2; shift ;;
        -R | --rate) RATE=$2; shift ;;
        -w | --warmup) WARMUP=$2; shift ;;
        -p | --port-base) PORT_BASE=$2; shift ;;
        -o | --out) OUT_DIR=$2; shift ;;
        --build) BUILD=yes ;;
        --no-build) BUILD=no ;;
        --aot) AOT=yes ;;
        --aot-only) AOT=only ;;
        --startups) STARTUPS=$2; shift ;;
        --profile) PROFILE=yes ;;
        --quiet-wait) QUIET_WAIT=$2; shift ;;
        --compare-opts) COMPARE_OPTS=$2; shift ;;
        --compare-app) COMPARE_APP=$2; shift ;;
        --quick) RUNS=1 DURATION=3 WARMUP=5 STARTUPS=2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if ! [[ $QUIET_WAIT =~ ^[0-9]+$ ]]; then
    echo "QUIET_WAIT must be a whole number of seconds, but was '$QUIET_WAIT'" >&2
    exit 2
fi
for value in CONNECTIONS THREADS DURATION RUNS RATE WARMUP PORT_BASE STARTUPS; do
    if ! [[ ${!value} =~ ^[0-9]+$ ]] || [ "${!value}" -lt 1 ]; then
        echo "$value must be a whole number of at least 1, but was '${!value}'" >&2
        exit 2
    fi
done
if [ -n "$COMPARE_APP" ] && [ ! -f "$COMPARE_APP/quarkus-run.jar" ]; then
    echo "COMPARE_APP must be a directory holding quarkus-run.jar (a target/quarkus-app), but was '$COMPARE_APP'" >&2
    exit 2
fi
if [ "$THREADS" -gt "$CONNECTIONS" ]; then
    echo "THREADS ($THREADS) must not exceed CONNECTIONS ($CONNECTIONS)" >&2
    exit 2
fi

export QUARKUS_REDIS_HOSTS=${QUARKUS_REDIS_HOSTS:-redis://127.0.0.1:6379}
# The gateways' breaker events go to keys of their own, removed at the end: the Redis may be shared
if [ -z "${GATEWAY_REDIS_KEY_PREFIX:-}" ]; then
    export GATEWAY_REDIS_KEY_PREFIX=breakwater-bench-$$
    BENCH_KEYS=$GATEWAY_REDIS_KEY_PREFIX
fi
BACKEND_PORT=$((PORT_BASE + 1))
PROXY_PORT=$((PORT_BASE + 2))
# use_gateway PORT PID: the gateway that start_gateway, warm_up, measure and stop_gateway work on
use_gateway() {
    GATEWAY_PORT=$1
    GATEWAY_PID=$2
    CLOSED_URL=http://127.0.0.1:$GATEWAY_PORT/api/control/hello.json
    OPEN_URL=http://127.0.0.1:$GATEWAY_PORT/api/data/hello.json
    LARGE_URL=http://127.0.0.1:$GATEWAY_PORT/api/control/large.bin
}
use_gateway $((PORT_BASE + 3)) ""
COMPARED_PORT=$((PORT_BASE + 4))
DIRECT_URL=http://127.0.0.1:$BACKEND_PORT/hello.json
PROXY_URL=http://127.0.0.1:$PROXY_PORT/hello.json
# a 10 MiB answer, to measure how fast bodies stream through; on fewer connections, each of which then gets its
# answers at a steady pace rather than a share of 64
LARGE_MIB=10
LARGE_CONNECTIONS=8
PROXY_LARGE_URL=http://127.0.0.1:$PROXY_PORT/large.bin
# the mean pause of each connection between an answer and its next request, for the steady rate
PAUSE_MS=$(awk -v c="$CONNECTIONS" -v r="$RATE" 'BEGIN { printf "%.3f", 1000 * c / r }')

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Tools: Debian's wrk, nginx and gnuplot; installed when missing and we are root.
# ---------------------------------------------------------------------------------------------------------------
need_tools() {
    local missing=() tool package
    for tool in wrk:wrk nginx:nginx-light gnuplot:gnuplot-nox curl:curl; do
        command -v "${tool%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${tool%%:*}" ] || missing+=("${tool#*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        log "installing ${missing[*]}"
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "could not install ${missing[*]}"
    else
        die "missing tools; install them with: sudo apt-get install ${missing[*]}"
    fi
}
need_tools
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ---------------------------------------------------------------------------------------------------------------
# Work folder, and cleaning up whatever we started, however the script ends.
# ---------------------------------------------------------------------------------------------------------------
WORK=$(mktemp -d /tmp/breakwater-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run as nobody when we are root
STARTED=()        # pids of everything still running that we started

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

forget_pid() {
    local pid=$1 kept=() p
    for p in "${STARTED[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
    STARTED=("${kept[@]+"${kept[@]}"}")
}

cleanup() {
    local status=$? i
    trap - EXIT INT TERM
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
        stop_pid "${STARTED[$i]}"
    done
    if [ -n "${BENCH_KEYS:-}" ] && command -v redis-cli >/dev/null; then
        redis-cli -u "$QUARKUS_REDIS_HOSTS" --scan --pattern "$BENCH_KEYS:*" 2>/dev/null \
            | xargs -r redis-cli -u "$QUARKUS_REDIS_HOSTS" del >/dev/null 2>&1 || true
    fi
    if [ "$KEEP_WORK" = yes ] || [ "$status" -ne 0 ]; then
        log "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------------------------
# The machine, for the report.
# ---------------------------------------------------------------------------------------------------------------
machine_description() {
    local cpu memory os java_version
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
    os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -s)
    java_version=$("$JAVA" -version 2>&1 | head -n 1 | sed 's/"//g')
    # settings of the gateway given through the environment, other than those this script sets
    local settings
    settings=$(env | grep -E '^(GATEWAY_|CONTROL_API_|DATA_API_|QUARKUS_|MALLOC_)' | grep -vE '^(QUARKUS_REDIS_HOSTS|GATEWAY_REDIS_KEY_PREFIX)=' | sort | tr '\n' ' ')
    echo "$(nproc) cores ($cpu), $memory, $os, Linux $(uname -r); gateway on $java_version with" \
        "${JAVA_OPTS:-default JVM settings}${settings:+ and ${settings% }}; $("$NGINX" -v 2>&1 | sed 's/^nginx version: //');" \
        "$(wrk -v 2>&1 | head -n 1 | awk '{ print "wrk " $2 }'). Load generator, backends and gateway share the same cores."
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------------------------------------------------------
# The backend and the proxy: one nginx, two servers.
# ---------------------------------------------------------------------------------------------------------------
start_nginx() {
    mkdir -p "$WORK/www" "$WORK/nginx-temp"
    printf '{"service":"backend","status":"ok","items":[1,2,3]}\n' >"$WORK/www/hello.json"
    head -c $((LARGE_MIB * 1024 * 1024)) /dev/urandom >"$WORK/www/large.bin"
    chmod -R a+rX "$WORK/www"
    : >"$WORK/backend-failing-hits.log"
    cat >"$WORK/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx-temp/body;
    proxy_temp_path $WORK/nginx-temp/proxy;
    keepalive_timeout 300s;
    keepalive_requests 100000000;
    types { application/json json; }
    default_type application/octet-stream;

    # the backend: a small static JSON file, and /failing/ that always answers 500 and logs every call
    server {
        listen 127.0.0.1:$BACKEND_PORT;
        root $WORK/www;
        open_file_cache max=16;
        location /failing/ {
            access_log $WORK/backend-failing-hits.log;
            default_type application/json;
            return 500 '{"error":"backend failing"}\n';
        }
    }

    # the reverse proxy in front of it, keeping its connections to the backend open
    upstream backend {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive 256;
        keepalive_requests 100000000;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
    "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" >"$WORK/nginx.out" 2>&1 &
    STARTED+=($!)
    wait_for_200 "$PROXY_URL" 10 || die "nginx did not start: $(cat "$WORK/nginx.out" "$WORK/nginx-error.log" 2>/dev/null)"
}

backend_failing_hits() { wc -l <"$WORK/backend-failing-hits.log"; }

# ---------------------------------------------------------------------------------------------------------------
# The gateway.
# ---------------------------------------------------------------------------------------------------------------
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

# start_gateway LOG APP_DIR JAVA_COMMAND [JVM OPTIONS...]: starts APP_DIR/quarkus-run.jar from APP_DIR (as the AOT
# cache wants it) in front of the backend; sets GATEWAY_PID and STARTUP_MS (launch to first proxied 200)
start_gateway() {
    local log=$1 dir=$2 java=$3 t0 t1
    shift 3
    port_free "$GATEWAY_PORT" || die "port $GATEWAY_PORT is taken; choose another --port-base"
    t0=$(date +%s%N)
    (
        cd "$dir"
        CONTROL_API_URL=http://127.0.0.1:$BACKEND_PORT \
            DATA_API_URL=http://127.0.0.1:$BACKEND_PORT/failing \
            DATA_API_RESET_TIMEOUT=86400 \
            QUARKUS_HTTP_PORT=$GATEWAY_PORT \
            exec "$java" "$@" -jar quarkus-run.jar >"$log" 2>&1
    ) &
    GATEWAY_PID=$!
    STARTED+=("$GATEWAY_PID")
    wait_for_200 "$CLOSED_URL" 120 "$GATEWAY_PID" || die "the gateway did not answer: $(tail -n 30 "$log")"
    t1=$(date +%s%N)
    STARTUP_MS=$(((t1 - t0) / 1000000))
}

stop_gateway() {
    stop_pid "$GATEWAY_PID"
    forget_pid "$GATEWAY_PID"
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

# ---------------------------------------------------------------------------------------------------------------
# wrk. measure NAME URL MODE (full|steady) RUN [CONNECTIONS]: appends a line to the runs file.
# ---------------------------------------------------------------------------------------------------------------
RUNS_FILE=$WORK/runs.tsv
printf 'run\tmode\tscenario\trequests_per_s\tp50_us\tp90_us\tp99_us\tp999_us\tmax_us\trequests\tnon_2xx\tsocket_errors\tbackend_calls\tgateway_cpu_us_per_request\tnginx_cpu_us_per_request\tother_processes_cpu_percent\n' >"$RUNS_FILE"
CLOCK_TICKS=$(getconf CLK_TCK)

# CPU time used so far by processes (user + system), in clock ticks; nginx: its master and workers
cpu_ticks() {
    local pid total=0
    for pid in "$@"; do
        [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
    done
    echo "$total"
}
nginx_pids() { [ -f "$WORK/nginx.pid" ] && echo "$(cat "$WORK/nginx.pid")" $(pgrep -P "$(cat "$WORK/nginx.pid")"); }

# The machine is shared: how much CPU do processes other than ours use? Our own are the gateway, nginx, and this
# shell's children that have ended (wrk, curl), which the "times" builtin counts; it must run in this shell, not in a
# $(...) subshell, so the snapshot goes to variables.
cpu_snapshot() {
    local children
    times >"$WORK/times"
    children=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$WORK/times")
    SNAPSHOT_NS=$(date +%s%N)
    SNAPSHOT_OURS=$(awk -v ticks="$(cpu_ticks "${GATEWAY_PID:-}" $(nginx_pids))" -v hz="$CLOCK_TICKS" -v c="$children" \
        'BEGIN { print ticks / hz + c }')
    SNAPSHOT_ALL=$(awk -v hz="$CLOCK_TICKS" '$1 == "cpu" { print ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat)
}

# others_since ALL OURS NS: percent of one core used by other processes since that snapshot, and a new snapshot
others_since() {
    local all=$1 ours=$2 ns=$3
    cpu_snapshot
    OTHERS_PERCENT=$(awk -v a0="$all" -v a1="$SNAPSHOT_ALL" -v o0="$ours" \
        -v o1="$SNAPSHOT_OURS" -v t="$((SNAPSHOT_NS - ns))" 'BEGIN { p = ((a1 - a0) - (o1 - o0)) * 1e11 / t; printf "%.0f", p < 0 ? 0 : p }')
}

# Waits, at most QUIET_WAIT seconds, until other processes use less than a quarter of a core over one second.
wait_for_quiet() {
    [ "$QUIET_WAIT" -gt 0 ] || return 0
    local deadline=$(($(date +%s) + QUIET_WAIT)) all ours ns
    while :; do
        cpu_snapshot
        all=$SNAPSHOT_ALL ours=$SNAPSHOT_OURS ns=$SNAPSHOT_NS
        sleep 1
        others_since "$all" "$ours" "$ns"
        [ "$OTHERS_PERCENT" -lt 25 ] && return 0
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "  other processes still use ${OTHERS_PERCENT}% of a core; measuring anyway"
            return 0
        fi
        log "  other processes use ${OTHERS_PERCENT}% of a core; waiting"
        sleep 4
    done
}

run_wrk() { # run_wrk OUTPUT PAUSE_MS SECONDS URL [CONNECTIONS]
    local pid
    BENCH_PAUSE_MS=$2 wrk -t "$THREADS" -c "${5:-$CONNECTIONS}" -d "${3}s" --timeout 30s -s "$BENCH_DIR/wrk.lua" "$4" \
        >"$1" 2>&1 &
    pid=$!
    STARTED+=("$pid")
    wait "$pid" || die "wrk failed: $(cat "$1")"
    forget_pid "$pid"
}

measure() {
    local name=$1 url=$2 mode=$3 run=$4 connections=${5:-} output pause= hits_before hits_after line
    output=$WORK/wrk-$run-$mode-$name.txt
    [ "$mode" = steady ] && pause=$PAUSE_MS
    local gateway_before nginx_before gateway_after nginx_after all ours ns
    sleep 1
    wait_for_quiet
    hits_before=$(backend_failing_hits)
    gateway_before=$(cpu_ticks "$GATEWAY_PID")
    nginx_before=$(cpu_ticks $(nginx_pids))
    cpu_snapshot
    all=$SNAPSHOT_ALL ours=$SNAPSHOT_OURS ns=$SNAPSHOT_NS
    run_wrk "$output" "$pause" "$DURATION" "$url" "$connections"
    others_since "$all" "$ours" "$ns"
    gateway_after=$(cpu_ticks "$GATEWAY_PID")
    nginx_after=$(cpu_ticks $(nginx_pids))
    hits_after=$(backend_failing_hits)
    line=$(grep '^BENCH ' "$output") || die "no result from wrk: $(cat "$output")"
    # shellcheck disable=SC2086 # word splitting into key=value pairs is the point
    local $(echo "${line#BENCH }")
    printf '%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%s\n' "$run" "$mode" "$name" \
        "$(awk -v n="$requests" -v us="$duration_us" 'BEGIN { print n * 1e6 / us }')" \
        "$p50_us" "$p90_us" "$p99_us" "$p999_us" "$max_us" "$requests" "$status_errors" \
        "$((connect_errors + read_errors + write_errors + timeouts))" "$((hits_after - hits_before))" \
        "$(awk -v t=$((gateway_after - gateway_before)) -v hz="$CLOCK_TICKS" -v n="$requests" 'BEGIN { print t * 1e6 / hz / n }')" \
        "$(awk -v t=$((nginx_after - nginx_before)) -v hz="$CLOCK_TICKS" -v n="$requests" 'BEGIN { print t * 1e6 / hz / n }')" \
        "$OTHERS_PERCENT" >>"$RUNS_FILE"
    log "  $mode $name: $(tail -n 1 "$RUNS_FILE" | awk -F'\t' '{ printf "%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d, backend calls %d, CPU per request: gateway %.0f us, nginx %.0f us; other processes: %d%% of a core", $4, $5 / 1000, $7 / 1000, $11, $13, $14, $15, $16 }')"
}

# ---------------------------------------------------------------------------------------------------------------
# The load scenarios.
# ---------------------------------------------------------------------------------------------------------------
# methods the gateway's JIT has compiled so far, or nothing when jstat is not at hand
compiled_methods() {
    local jstat
    jstat=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jstat
    [ -x "$jstat" ] || jstat=$(command -v jstat) || return 0
    "$jstat" -compiler "$GATEWAY_PID" 2>/dev/null | awk 'NR == 2 { print $1 }'
}

# WARMUP seconds of load on the closed breaker, then more, 5 s at a time, while the JIT is still compiling more than
# 10 methods a second (at most twice WARMUP more); then a quarter of that on the open breaker. On a busy machine the
# JIT falls behind, and a gateway measured before it is done costs more CPU per request than it will.
warm_up() {
    local run=$1 extra=0 before after
    wait_for_quiet
    run_wrk "$WORK/warmup-$run-closed.txt" "" "$WARMUP" "$CLOSED_URL"
    while [ "$extra" -lt $((2 * WARMUP)) ]; do
        before=$(compiled_methods)
        run_wrk "$WORK/warmup-$run-closed-more.txt" "" 5 "$CLOSED_URL"
        after=$(compiled_methods)
        [ -n "$before" ] && [ -n "$after" ] && [ $((after - before)) -gt 50 ] || break
        extra=$((extra + 5))
        log "  the JIT compiled $((after - before)) methods in 5 s; warming up 5 s more"
    done
    run_wrk "$WORK/warmup-$run-open.txt" "" "$(((WARMUP + 3) / 4))" "$OPEN_URL"
}

GATEWAY_FILE=$WORK/gateway.tsv
printf 'run\tstartup_ms\tquarkus_started_ms\trss_kb\trss_peak_kb\n' >"$GATEWAY_FILE"

load_scenarios() {
    local run
    start_nginx
    log "backend on :$BACKEND_PORT, nginx proxy on :$PROXY_PORT, gateway on :$GATEWAY_PORT"
    for run in $(seq 1 "$RUNS"); do
        log "run $run of $RUNS: starting the gateway"
        start_gateway "$WORK/gateway-$run.log" "$GATEWAY_APP" "$JAVA" $JAVA_OPTS
        local startup=$STARTUP_MS
        log "  first proxied 200 after $startup ms; warming up for $WARMUP s"
        trip_breaker
        warm_up "$run"

        measure direct "$DIRECT_URL" full "$run"
        measure nginx "$PROXY_URL" full "$run"
        if [ "$PROFILE" = yes ] && [ "$run" = "$RUNS" ]; then
            jcmd "$GATEWAY_PID" JFR.start name=bench settings=profile filename="$WORK/gateway-closed.jfr" >/dev/null
        fi
        measure gateway-closed "$CLOSED_URL" full "$run"
        if [ "$PROFILE" = yes ] && [ "$run" = "$RUNS" ]; then
            jcmd "$GATEWAY_PID" JFR.stop name=bench >/dev/null
            mkdir -p "$OUT_DIR" && cp "$WORK/gateway-closed.jfr" "$OUT_DIR/gateway-closed.jfr"
            log "  profile written to $OUT_DIR/gateway-closed.jfr"
        fi
        measure gateway-open "$OPEN_URL" full "$run"
        measure nginx-large "$PROXY_LARGE_URL" full "$run" "$LARGE_CONNECTIONS"
        measure gateway-large "$LARGE_URL" full "$run" "$LARGE_CONNECTIONS"
        measure direct "$DIRECT_URL" steady "$run"
        measure nginx "$PROXY_URL" steady "$run"
        measure gateway-closed "$CLOSED_URL" steady "$run"
        measure gateway-open "$OPEN_URL" steady "$run"

        printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$startup" "$(quarkus_started_ms "$WORK/gateway-$run.log")" \
            "$(rss_kb "$GATEWAY_PID" VmRSS)" "$(rss_kb "$GATEWAY_PID" VmHWM)" >>"$GATEWAY_FILE"
        log "  RSS after the run: $(tail -n 1 "$GATEWAY_FILE" | awk -F'\t' '{ printf "%.0f MB (peak %.0f MB)", $4 * 1.024 / 1000, $5 * 1.024 / 1000 }')"
        stop_gateway
    done
}

# awk functions the reports share: the median of a space-separated list of numbers, a list grown by a key, and a
# number with thousands separators
AWK_FUNCTIONS='
        function median(list,    n, a, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        function add(key, value) { values[key] = (key in values) ? values[key] " " value : value }
        function thousands(x,    s, r) {
            s = sprintf("%.0f", x); r = ""
            while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
            return s r
        }'

# ---------------------------------------------------------------------------------------------------------------
# A variant of the gateway beside it (--compare-opts, --compare-app). On a shared machine the requests/s of one run
# and the next differ by more than most changes gain; two gateways measured in turn, round after round, see the
# same machine, and the median of the rounds' ratios shows the difference.
# ---------------------------------------------------------------------------------------------------------------

compare_variants() {
    local base_port=$GATEWAY_PORT base_pid compared_pid round variant order pid
    start_nginx
    start_gateway "$WORK/gateway-a.log" "$GATEWAY_APP" "$JAVA" $JAVA_OPTS
    base_pid=$GATEWAY_PID
    use_gateway "$COMPARED_PORT" ""
    start_gateway "$WORK/gateway-b.log" "${COMPARE_APP:-$GATEWAY_APP}" "$JAVA" $JAVA_OPTS $COMPARE_OPTS
    compared_pid=$GATEWAY_PID
    log "nginx proxy on :$PROXY_PORT, gateway A on :$base_port, gateway B on :$COMPARED_PORT; warming both up"
    use_gateway "$base_port" "$base_pid"
    warm_up a
    use_gateway "$COMPARED_PORT" "$compared_pid"
    warm_up b
    for round in $(seq 1 "$RUNS"); do
        log "round $round of $RUNS"
        measure nginx "$PROXY_URL" full "$round"
        order="a b"
        [ $((round % 2)) = 0 ] && order="b a"
        for variant in $order; do
            if [ "$variant" = a ]; then use_gateway "$base_port" "$base_pid"; else use_gateway "$COMPARED_PORT" "$compared_pid"; fi
            measure "gateway-$variant" "$CLOSED_URL" full "$round"
        done
    done
    for pid in "$base_pid" "$compared_pid"; do
        GATEWAY_PID=$pid
        stop_gateway
    done
}

compare_report() {
    awk -F'\t' -v a="$1" -v b="$2" "$AWK_FUNCTIONS"'
        FNR > 1 {
            add($3 SUBSEP "rps", $4); add($3 SUBSEP "p99", $7); add($3 SUBSEP "cpu", $3 == "nginx" ? $15 : $14)
            rps[$1 SUBSEP $3] = $4; rounds = $1 > rounds ? $1 : rounds; errors += $11 + $12
        }
        END {
            for (r = 1; r <= rounds; r++) {
                ratio = rps[r SUBSEP "gateway-b"] / rps[r SUBSEP "gateway-a"]
                add("ratio", ratio); listed = listed sprintf("%s%.2f", r > 1 ? ", " : "", ratio)
            }
            split("nginx gateway-a gateway-b", names, " ")
            label["nginx"] = "nginx proxy"; label["gateway-a"] = "A: " a; label["gateway-b"] = "B: " b
            nginx = median(values["nginx" SUBSEP "rps"])
            print "| | requests/s | p99 | CPU per request (of the gateway; of nginx, backend included) | / nginx proxy |"
            print "|---|---:|---:|---:|---:|"
            for (i = 1; i <= 3; i++) {
                n = names[i]; q = median(values[n SUBSEP "rps"])
                printf "| %s | %s | %.2f ms | %.0f us | %.2f x |\n", label[n], thousands(q), median(values[n SUBSEP "p99"]) / 1000, median(values[n SUBSEP "cpu"]), q / nginx
            }
            print ""
            printf "- B / A, the median of the rounds'"'"' ratios: **%.2f x** the requests/s (by round: %s).\n", median(values["ratio"]), listed
            if (errors > 0) printf "- **%d errors** (non-2xx answers or socket errors): see the runs file.\n", errors
        }' "$RUNS_FILE"
}

# ---------------------------------------------------------------------------------------------------------------
# Start-up with the Java 25 AOT cache (JEPs 483, 514, 515), as the Quarkus AOT guide describes it: the aot-jar
# packaging, a cache made by a training run, and production runs with -XX:AOTCache. Two caches are compared:
#   - the one Quarkus makes while packaging (quarkus.package.jar.aot.enabled=true, .type=aot, .phase=build): the
#     application only starts and stops, so the cache holds the start-up classes but no request path;
#   - one trained under the benchmark's own load (-XX:AOTCacheOutput), which also holds the request path's classes
#     and method profiles. Quarkus would train it with @QuarkusIntegrationTest tests (the default phase), which this
#     project does not have.
# The project itself targets Java 17; the aot-jar is built with Java 25 in a copy of the project under
# target/bench-aot, so target/quarkus-app is left alone.
# ---------------------------------------------------------------------------------------------------------------
STARTUP_FILE=$WORK/startup.tsv
printf 'variant\tlaunch\tstartup_ms\tquarkus_started_ms\trss_kb\tfirst_5s_requests_per_s\n' >"$STARTUP_FILE"

find_java25() {
    local candidate
    for candidate in "$JAVA25_HOME" /usr/lib/jvm/*-25-* /usr/lib/jvm/*-25; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        if "$candidate/bin/java" -version 2>&1 | head -n 1 | grep -Eq '"(2[5-9]|[3-9][0-9])[."]'; then
            JAVA25_HOME=$candidate
            return 0
        fi
    done
    return 1
}

AOT_OPTIONS="-Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.type=aot -Dquarkus.package.jar.aot.phase=build"

build_aot() {
    local project=$PROJECT_DIR/target/bench-aot/project
    AOT_APP=$project/target/quarkus-app
    log "AOT: packaging with $JAVA25_HOME and $AOT_OPTIONS (in target/bench-aot)"
    rm -rf "$project" && mkdir -p "$project"
    cp -r "$PROJECT_DIR/pom.xml" "$PROJECT_DIR/mvnw" "$PROJECT_DIR/.mvn" "$PROJECT_DIR/src" "$project/"
    # shellcheck disable=SC2086 # AOT_OPTIONS is a list of options
    (cd "$project" && JAVA_HOME=$JAVA25_HOME ./mvnw -B package -DskipTests $AOT_OPTIONS) \
        >"$WORK/build-aot.log" 2>&1 || die "aot-jar build failed: $(tail -n 30 "$WORK/build-aot.log")"
    [ -s "$AOT_APP/app.aot" ] || die "Quarkus wrote no app.aot: $(tail -n 30 "$WORK/build-aot.log")"
    log "AOT: Quarkus' cache: $(du -m "$AOT_APP/app.aot" | cut -f1) MB"

    log "AOT: training run under load ($WARMUP s)"
    rm -f "$AOT_APP/app-trained.aot"
    start_gateway "$WORK/gateway-aot-training.log" "$AOT_APP" "$JAVA25_HOME/bin/java" $JAVA_OPTS \
        -XX:AOTCacheOutput=app-trained.aot
    trip_breaker
    run_wrk "$WORK/aot-training-closed.txt" "" "$WARMUP" "$CLOSED_URL"
    run_wrk "$WORK/aot-training-open.txt" "" "$(((WARMUP + 3) / 4))" "$OPEN_URL"
    # the JVM writes the cache as it exits, which takes a while
    stop_pid "$GATEWAY_PID" 300
    forget_pid "$GATEWAY_PID"
    [ -s "$AOT_APP/app-trained.aot" ] || die "no AOT cache was written: $(tail -n 30 "$WORK/gateway-aot-training.log")"
    log "AOT: trained cache: $(du -m "$AOT_APP/app-trained.aot" | cut -f1) MB"
}

startup_variant() { # startup_variant NAME APP_DIR JAVA [OPTIONS...]
    local name=$1 launch log output
    shift
    for launch in $(seq 1 "$STARTUPS"); do
        log="$WORK/startup-${name//[^a-zA-Z0-9]/_}-$launch.log"
        wait_for_quiet
        start_gateway "$log" "$@"
        output=${log%.log}-wrk.txt
        run_wrk "$output" "" 5 "$CLOSED_URL"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$launch" "$STARTUP_MS" "$(quarkus_started_ms "$log")" \
            "$(rss_kb "$GATEWAY_PID" VmRSS)" \
            "$(awk '/^BENCH/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                              printf "%.0f", v["requests"] * 1e6 / v["duration_us"] }' "$output")" >>"$STARTUP_FILE"
        log "  $name, launch $launch: first proxied 200 after $STARTUP_MS ms"
        stop_gateway
    done
}

aot_startup() {
    local java17
    find_java25 || die "--aot needs a JDK 25 or newer: set JAVA25_HOME (none found in /usr/lib/jvm)"
    [ -f "$WORK/nginx.pid" ] || start_nginx
    build_aot
    java17=$("$JAVA" -version 2>&1 | head -n 1 | sed 's/.*version "\([0-9]*\).*/Java \1/')
    log "AOT: $STARTUPS launches of each variant, each followed by 5 s of load"
    # -XX:AOTMode=on: fail rather than quietly run without a cache that cannot be used
    startup_variant "fast-jar, $java17 (default)" "$GATEWAY_APP" "$JAVA" $JAVA_OPTS
    startup_variant "fast-jar, Java 25" "$GATEWAY_APP" "$JAVA25_HOME/bin/java" $JAVA_OPTS
    startup_variant "aot-jar, Java 25, Quarkus' build-time cache" "$AOT_APP" "$JAVA25_HOME/bin/java" $JAVA_OPTS \
        -XX:AOTCache=app.aot -XX:AOTMode=on
    startup_variant "aot-jar, Java 25, cache trained under load" "$AOT_APP" "$JAVA25_HOME/bin/java" $JAVA_OPTS \
        -XX:AOTCache=app-trained.aot -XX:AOTMode=on
}

# ---------------------------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------------------------

report() {
    awk -F'\t' -v OFS='\t' -v rate="$RATE" -v mib="$LARGE_MIB" \
        -v runs_file="$RUNS_FILE" -v gateway_file="$GATEWAY_FILE" -v chart_data="$WORK/chart.dat" "$AWK_FUNCTIONS"'
        function ms(us) { return sprintf("%.2f ms", us / 1000) }
        function mark(ok) { return ok ? "pass" : "**FAIL**" }
        FILENAME == runs_file && FNR > 1 {
            key = $2 SUBSEP $3
            add(key SUBSEP "rps", $4); add(key SUBSEP "p50", $5); add(key SUBSEP "p99", $7)
            add(key SUBSEP "cpu", $14 + $15); add(key SUBSEP "gcpu", $14); add(key SUBSEP "ncpu", $15)
            non2xx[key] += $11; socket[key] += $12; calls[key] += $13; requests[key] += $10
            add("others", $16); if ($16 > others_max) others_max = $16
            next
        }
        FILENAME == gateway_file && FNR > 1 {
            add("startup", $2); add("started", $3); add("rss", $4); add("hwm", $5)
            next
        }
        END {
            split("direct nginx gateway-closed gateway-open", names, " ")
            label["direct"] = "backend, direct"; label["nginx"] = "nginx proxy"
            short["direct"] = "direct"; short["nginx"] = "nginx proxy"; short["gateway-closed"] = "gateway closed"; short["gateway-open"] = "gateway open"
            label["gateway-closed"] = "gateway, breaker closed"; label["gateway-open"] = "gateway, breaker open (503)"
            for (i = 1; i <= 4; i++) {
                n = names[i]
                for (m = 1; m <= 2; m++) {
                    mode = m == 1 ? "full" : "steady"
                    k = mode SUBSEP n
                    rps[k] = median(values[k SUBSEP "rps"]); p50[k] = median(values[k SUBSEP "p50"]); p99[k] = median(values[k SUBSEP "p99"])
                    cpu[k] = median(values[k SUBSEP "cpu"]); gcpu[k] = median(values[k SUBSEP "gcpu"]); ncpu[k] = median(values[k SUBSEP "ncpu"])
                }
            }
            F = "full" SUBSEP; S = "steady" SUBSEP
            print "| | requests/s | p50 | p99 | CPU per request | p50 at " thousands(rate) " req/s | p99 at " thousands(rate) " req/s | p99 added over direct at " thousands(rate) " req/s |"
            print "|---|---:|---:|---:|---:|---:|---:|---:|"
            for (i = 1; i <= 4; i++) {
                n = names[i]
                added = n == "direct" ? "" : sprintf("%+.2f ms", (p99[S n] - p99[S "direct"]) / 1000)
                print "| " label[n] " | " thousands(rps[F n]) " | " ms(p50[F n]) " | " ms(p99[F n]) " | " sprintf("%.0f us", cpu[F n]) " | " ms(p50[S n]) " | " ms(p99[S n]) " | " added " |"
                printf "%s\t%.0f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\n", "\"" short[n] "\"", rps[F n], p50[F n] / 1000, p99[F n] / 1000, p50[S n] / 1000, p99[S n] / 1000, cpu[F n] > chart_data
            }
            startup = median(values["startup"]); rss = median(values["rss"]) * 1024 / 1e6; hwm = median(values["hwm"]) * 1024 / 1e6
            print ""
            printf "- gateway / nginx proxy: **%.2f x** the requests/s; gateway / direct backend: **%.2f x**.\n", rps[F "gateway-closed"] / rps[F "nginx"], rps[F "gateway-closed"] / rps[F "direct"]
            printf "- CPU per request at full speed, of the gateway process alone: **%.0f us** with the breaker closed, %.0f us open; of the nginx proxy alone: %.0f us (nginx CPU per request as a proxy, less as the backend).\n", gcpu[F "gateway-closed"], gcpu[F "gateway-open"], ncpu[F "nginx"] - ncpu[F "direct"]
            printf "- breaker open / breaker closed: %.2f x the requests/s; while open, %s answers, %d of them 2xx (every one should be a 503), and %d calls reached the backend.\n", \
                rps[F "gateway-open"] / rps[F "gateway-closed"], thousands(requests[F "gateway-open"] + requests[S "gateway-open"]), \
                requests[F "gateway-open"] + requests[S "gateway-open"] - non2xx[F "gateway-open"] - non2xx[S "gateway-open"], calls[F "gateway-open"] + calls[S "gateway-open"]
            for (i = 1; i <= 2; i++) {
                n = i == 1 ? "nginx-large" : "gateway-large"
                large[n] = median(values[F n SUBSEP "rps"]) * mib; lcpu[n] = median(values[F n SUBSEP "gcpu"]) / mib
            }
            printf "- %d MiB answers at full speed: the gateway passes on **%.0f MiB/s**, the nginx proxy %.0f MiB/s (%.2f x); CPU of the gateway process per MiB: %.0f us.\n", \
                mib, large["gateway-large"], large["nginx-large"], large["gateway-large"] / large["nginx-large"], lcpu["gateway-large"]
            printf "- gateway start-up, process launch to first proxied 200: **%d ms** (Quarkus reports started in %d ms).\n", startup, median(values["started"])
            printf "- gateway memory after the run: RSS **%.0f MB** (peak during the run %.0f MB).\n", rss, hwm
            printf "- other processes on the machine used %d%% of a core during the median measurement, %d%% at most.\n", median(values["others"]), others_max
            errors = 0
            for (k in socket) errors += socket[k]
            for (i = 1; i <= 3; i++) { errors += non2xx[F names[i]] + non2xx[S names[i]] }
            if (errors > 0) printf "- **%d errors** (socket errors, or non-2xx answers where 200 was expected): see the runs file.\n", errors
            added = (p99[S "gateway-closed"] - p99[S "direct"]) / 1000
            open_calls = calls[F "gateway-open"] + calls[S "gateway-open"]
            print ""
            print "| floor | measured | |"
            print "|---|---:|---|"
            printf "| gateway requests/s >= 0.5 x nginx proxy (breaker closed) | %.2f x | %s |\n", rps[F "gateway-closed"] / rps[F "nginx"], mark(rps[F "gateway-closed"] >= 0.5 * rps[F "nginx"])
            printf "| p99 added over direct < 2 ms at %s req/s | %+.3f ms | %s |\n", thousands(rate), added, mark(added < 2)
            printf "| breaker open at least as fast as closed | %.2f x | %s |\n", rps[F "gateway-open"] / rps[F "gateway-closed"], mark(rps[F "gateway-open"] >= rps[F "gateway-closed"])
            printf "| no call reaches the backend while open | %d | %s |\n", open_calls, mark(open_calls == 0)
            printf "| RSS after the run < 200 MB | %.0f MB | %s |\n", rss, mark(rss < 200)
        }' "$RUNS_FILE" "$GATEWAY_FILE"
}

runs_table() {
    echo "| run | scenario | requests/s | p50 | p99 | CPU per request | p50 at rate | p99 at rate | non-2xx | backend calls | other processes, % of a core (full / at rate) |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' 'FNR > 1 && $2 == "full" { k = $1 SUBSEP $3; full[k] = $0; order[++n] = k }
                FNR > 1 && $2 == "steady" { steady[$1 SUBSEP $3] = $0 }
                END {
                    for (i = 1; i <= n; i++) {
                        split(full[order[i]], f, "\t"); split(steady[order[i]], s, "\t")
                        printf "| %s | %s | %.0f | %.2f ms | %.2f ms | %.0f us | %.2f ms | %.2f ms | %d | %d | %d / %d |\n", f[1], f[3], f[4], f[5] / 1000, f[7] / 1000, f[14] + f[15], s[5] / 1000, s[7] / 1000, f[11] + s[11], f[13] + s[13], f[16], s[16]
                    }
                }' "$RUNS_FILE"
    echo
    echo "| run | start-up to first proxied 200 | Quarkus \"started in\" | RSS after the run | peak RSS |"
    echo "|---:|---:|---:|---:|---:|"
    awk -F'\t' 'FNR > 1 { printf "| %s | %d ms | %d ms | %.0f MB | %.0f MB |\n", $1, $2, $3, $4 * 1.024 / 1000, $5 * 1.024 / 1000 }' "$GATEWAY_FILE"
}

startup_table() {
    echo "| gateway | start-up to first proxied 200 | Quarkus \"started in\" | requests/s in its first 5 s | RSS after them |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' "$AWK_FUNCTIONS"'
        FNR > 1 { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
                  add($1 SUBSEP "s", $3); add($1 SUBSEP "q", $4); add($1 SUBSEP "r", $5); add($1 SUBSEP "w", $6) }
        END {
            base = median(values[order[1] SUBSEP "s"])
            for (i = 1; i <= n; i++) {
                o = order[i]; s = median(values[o SUBSEP "s"])
                printf "| %s | %d ms%s | %d ms | %.0f | %.0f MB |\n", o, s, i == 1 ? "" : sprintf(" (%+.0f%%)", 100 * (s - base) / base), median(values[o SUBSEP "q"]), median(values[o SUBSEP "w"]), median(values[o SUBSEP "r"]) * 1.024 / 1000
            }
        }' "$STARTUP_FILE"
}

chart() {
    gnuplot -e "datafile='$WORK/chart.dat'; outfile='$OUT_DIR/latest.png'; rate='$RATE'; subtitle='$1'" \
        "$BENCH_DIR/chart.gp" 2>"$WORK/gnuplot.log" || die "gnuplot failed: $(cat "$WORK/gnuplot.log")"
}

# ---------------------------------------------------------------------------------------------------------------
# The compare mode: its own report, compare.md, leaving the scenarios' latest.* as they are
compare() {
    local a b
    a="${GATEWAY_APP#"$PROJECT_DIR"/}, ${JAVA_OPTS:-default JVM settings}"
    b="${COMPARE_APP:-the same build}, ${JAVA_OPTS:-default JVM settings}${COMPARE_OPTS:+ $COMPARE_OPTS}"
    compare_variants
    {
        echo "<!-- written by bench/run.sh${ARGUMENTS:+ $ARGUMENTS} -->"
        echo "Measured $started_at on: $machine"
        echo "Load average before the run: $load_before; after: $(load_average)."
        echo
        echo "Breaker closed, $CONNECTIONS connections, $THREADS wrk threads, $DURATION s per measurement; both gateways" \
            "warmed up for at least $WARMUP s, then $RUNS rounds, each measuring the nginx proxy, A and B in turn" \
            "(A first in odd rounds, B first in even ones). Medians of the rounds."
        echo
        compare_report "$a" "$b"
    } >"$WORK/compare.md"
    cp "$WORK/compare.md" "$OUT_DIR/compare.md"
    cp "$RUNS_FILE" "$OUT_DIR/compare-runs.tsv"
    echo
    cat "$OUT_DIR/compare.md"
    echo
    log "written in $OUT_DIR: compare.md compare-runs.tsv"
}

main() {
    local machine load_before started_at
    [ "$AOT" = only ] || [ "$AOT" = yes ] || [ "$AOT" = no ] || die "AOT must be yes, no or only"
    for port in "$BACKEND_PORT" "$PROXY_PORT" "$GATEWAY_PORT" "$COMPARED_PORT"; do
        port_free "$port" || die "port $port is taken; choose another --port-base"
    done
    build_gateway
    machine=$(machine_description)
    load_before=$(load_average)
    started_at=$(date -u +%Y-%m-%dT%H:%MZ)
    log "$machine"
    log "load average before: $load_before"
    mkdir -p "$OUT_DIR"

    if [ -n "$COMPARE_OPTS$COMPARE_APP" ]; then
        compare
        return
    fi
    if [ "$AOT" != only ]; then
        load_scenarios
    fi
    if [ "$AOT" != no ]; then
        aot_startup
    fi

    {
        echo "<!-- written by bench/run.sh${ARGUMENTS:+ $ARGUMENTS} -->"
        echo "Measured $started_at on: $machine"
        echo "Load average before the run: $load_before; after: $(load_average)."
        echo
        if [ "$AOT" != only ]; then
            echo "$CONNECTIONS connections, $THREADS wrk threads, $DURATION s per measurement, medians of $RUNS runs," \
                "each with a fresh gateway warmed up for at least $WARMUP s. Small GET (a 52-byte JSON file), keep-alive." \
                "\"At $RATE req/s\": the same connections with random pauses, a steady load of about $RATE requests/s." \
                "CPU per request: user and system time of the gateway and nginx processes during the measurement," \
                "divided by the requests answered."
            echo
            report
            echo
            echo "Every run:"
            echo
            runs_table
        fi
        if [ "$AOT" != no ]; then
            echo
            echo "Start-up, medians of $STARTUPS launches each (AOT cache trained for $WARMUP s under the benchmark's load):"
            echo
            startup_table
        fi
    } >"$WORK/latest.md"
    local written=latest.md
    cp "$WORK/latest.md" "$OUT_DIR/latest.md"
    if [ "$AOT" != only ]; then
        cp "$RUNS_FILE" "$OUT_DIR/latest-runs.tsv"
        cp "$GATEWAY_FILE" "$OUT_DIR/latest-gateway.tsv"
        chart "$CONNECTIONS connections, medians of $RUNS runs, $(nproc) cores shared by all, load average before $(echo "$load_before" | cut -d' ' -f1)"
        written="$written latest.png latest-runs.tsv latest-gateway.tsv"
    fi
    if [ "$AOT" != no ]; then
        cp "$STARTUP_FILE" "$OUT_DIR/latest-startup.tsv"
        written="$written latest-startup.tsv"
    fi
    echo
    cat "$OUT_DIR/latest.md"
    echo
    log "written in $OUT_DIR: $written"
}

main
