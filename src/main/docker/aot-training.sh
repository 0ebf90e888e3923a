#!/bin/bash
# Makes the JDK AOT cache (JEPs 483, 514, 515) that Dockerfile.jvm starts the gateway with: runs the gateway once with
# -XX:AOTCacheOutput under a workload like production's, stops it (the JVM writes the cache as it exits), then checks
# that the JVM accepts the cache. A cache holds the classes the run loaded and linked and the profiles of the methods
# it ran hot, so the workload takes every path a gateway serves: proxied calls on both event loops, with and without a
# body, a backend that fails until its breaker opens and the gateway answers 503 itself, the probes and the metrics.
#
#   aot-training.sh DIR    DIR holds quarkus-run.jar (aot-jar packaging) and jvm.options; writes DIR/app.aot
#
# No backend runs at image build time, so the gateway stands in for one: ControlAPI's URL is the gateway's own health
# endpoints, and DataAPI's a port nothing listens on. A backend added to the gateway needs a URL here too (the
# gateway refuses to start without one, and says which). Redis is not configured, even if the environment names one:
# the cache then lacks the Redis client's request path, which a gateway with Redis compiles as it runs.
# Needs java (the JVM that will run the image: a cache works only with the JVM build that wrote it) and bash, which
# sends the requests itself (/dev/tcp), since the runtime image has no HTTP client to count on.
set -euo pipefail

# the jar by its absolute path, as the image's entrypoint names it: the cache records the class path
dir=$(cd "${1:?usage: aot-training.sh DIR}" && pwd)
cd "$dir"
port=${TRAINING_PORT:-8080}
log=$(mktemp)

export QUARKUS_HTTP_PORT=$port
unset QUARKUS_REDIS_HOSTS
export QUARKUS_SHUTDOWN_DELAY_ENABLED=false
export CONTROL_API_URL=http://127.0.0.1:$port/q/health
export DATA_API_URL=http://127.0.0.1:1
export DATA_API_RESET_TIMEOUT=3600

fail() {
    echo "aot-training: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
}

# requests N PATH [METHOD BODY]: N requests on one connection, sent one after the other without waiting for the
# answers (the gateway answers them in turn), the last one closing it; prints each answer's status ("HTTP/1.1 200 ")
requests() {
    local count=$1 path=$2 method=${3:-GET} body=${4:-} i close reader
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    grep -ao 'HTTP/1.1 [0-9]* ' <&3 &
    reader=$!
    for ((i = 1; i <= count; i++)); do
        close=
        [ "$i" = "$count" ] && close=$'Connection: close\r\n'
        printf '%s %s?training=%d HTTP/1.1\r\nHost: localhost\r\n' "$method" "$path" "$i"
        printf 'Content-Type: application/json\r\nContent-Length: %d\r\n%s\r\n%s' "${#body}" "$close" "$body"
    done >&3
    wait "$reader" || true
    exec 3<&-
}

# start_gateway [JVM OPTIONS...]: starts it in the background and waits until it has started
start_gateway() {
    java @jvm.options "$@" -jar "$dir/quarkus-run.jar" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
        [[ $(requests 1 /q/health/started 2>/dev/null) == *' 200 '* ]] && return 0
        kill -0 "$pid" 2>/dev/null || fail "the gateway stopped during start-up"
        sleep 0.1
    done
    fail "the gateway did not start within 60 s"
}

stop_gateway() {
    kill -TERM "$pid"
    wait "$pid" || true
}

start_gateway -XX:AOTCacheOutput=app.aot
for round in 1 2 3; do
    # four connections at a time, so that both event loops serve (each has a backend client of its own)
    clients=()
    requests 2000 /api/control/live >/dev/null & clients+=($!)
    requests 2000 /api/control/ready >/dev/null & clients+=($!)
    requests 200 /api/control/started POST '{"training":true}' >/dev/null & clients+=($!)
    requests 2000 /api/data/items >/dev/null & clients+=($!)
    wait "${clients[@]}"
    for path in /q/health/live /q/health/ready /q/metrics /health/circuit-breakers; do
        requests 50 "$path" >/dev/null
    done
    echo "aot-training: round $round of 3 done"
done
[[ $(requests 1 /api/control/live) == *' 200 '* ]] || fail "ControlAPI's calls did not succeed"
[[ $(requests 1 /api/data/items) == *' 503 '* ]] \
    || fail "DataAPI's breaker did not open, so the cache would lack the open breaker's path"
stop_gateway
[ -s app.aot ] || fail "the JVM wrote no app.aot"

# -XX:AOTMode=on: the JVM refuses to start with a cache it cannot use, rather than run without it
start_gateway -XX:AOTCache=app.aot -XX:AOTMode=on
stop_gateway
rm -f "$log"
echo "aot-training: app.aot, $(du -m app.aot | cut -f1) MB"
