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
# With --aot it also compares the gateway's start-up with and without the Java 25 AOT cache. With --compare-opts,
# --compare-app, --native or --compare-endpoints it measures instead how a variant of the gateway (other JVM options,
# another build, the native executable, or a backend of several endpoints: the same nginx on N ports) compares with it
# on the closed-breaker path: both run side by side and are measured in turn, so that both see the same machine.
#
# Writes bench/results/latest.md (the tables, also printed), latest-runs.tsv (every measurement) and latest.png
# (a chart). See docs/performance.md. Run bench/run.sh --help for the parameters.
# The parts: this script (the options, what runs, the report), processes.sh (nginx with nginx.conf, the gateway),
# measure.sh (wrk with wrk.lua, the CPU accounting), scenarios.sh, compare.sh and aot.sh (what each mode runs),
# report.py (the report's tables), chart.gp (the chart).
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$BENCH_DIR")

CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
RATE=${RATE:-2000}
HIGH_RATE=${HIGH_RATE:-10000}
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
COMPARE_ENDPOINTS=${COMPARE_ENDPOINTS:-}
COMPARE_NATIVE=${COMPARE_NATIVE:-}
ARGUMENTS="$*"

usage() {
    cat <<EOF
Usage: bench/run.sh [options]          (each option can also be given as the environment variable in brackets)

  -c, --connections N   concurrent keep-alive connections [CONNECTIONS, default $CONNECTIONS]
  -t, --threads N       wrk threads [THREADS, default $THREADS]
  -d, --duration S      seconds per measurement [DURATION, default $DURATION]
  -r, --runs N          runs, each with a fresh gateway; medians are reported [RUNS, default $RUNS]
  -R, --rate N          the steady rate of the latency measurement, requests/s [RATE, default $RATE]
      --high-rate N     a second, higher steady rate, for the direct backend, the nginx proxy and the gateway with
                        its breaker closed [HIGH_RATE, default $HIGH_RATE]
  -w, --warmup S        seconds of load on a new gateway before measuring it, longer while its JIT is still
                        busy [WARMUP, default $WARMUP]
  -p, --port-base N     listens on N+1 (backend), N+2 (nginx proxy), N+3 (gateway), N+4 (a compared gateway) and
                        from N+5 on (the backend's further ports of --compare-endpoints) [PORT_BASE, default $PORT_BASE]
  -o, --out DIR         where results are written [OUT_DIR, default bench/results]
      --build           package the gateway first (default: only when target/quarkus-app is missing) [BUILD=yes]
      --no-build        use target/quarkus-app as it is [BUILD=no]
      --aot             also compare start-up with the Java 25 AOT cache that Dockerfile.jvm makes [AOT=yes];
                        needs a JDK 25 in JAVA25_HOME or /usr/lib/jvm/*-25*
      --aot-only        only the start-up comparison, no load scenarios [AOT=only]
      --startups N      launches per variant in the start-up comparison [STARTUPS, default $STARTUPS]
      --profile         record a JFR profile of the gateway during the last run's closed-breaker
                        measurement, into OUT_DIR/gateway-closed.jfr [PROFILE=yes]
      --quiet-wait S    before each measurement, wait up to S seconds for other processes to use less than a
                        quarter of a core; 0: do not wait [QUIET_WAIT, default $QUIET_WAIT]
      --compare-opts OPTS  instead of the scenarios, compare the gateway with itself started with these JVM
                        options added (e.g. "-Dquarkus...=false") [COMPARE_OPTS]
      --compare-app DIR    instead of the scenarios, compare the gateway with another build of it, whose
                        quarkus-run.jar is in DIR [COMPARE_APP]
      --native PATH     instead of the scenarios, compare the gateway (the JVM build) with the native executable
                        PATH (target/*-runner, built with -Dnative), as --compare-app does with another build;
                        --compare-opts then adds options to the executable's own (e.g. "-Xmn16m")
      --compare-endpoints N  instead of the scenarios, compare the gateway whose ControlAPI backend is one endpoint
                        (the nginx backend) with one whose backend is N endpoints: the same nginx serving the same
                        file on N ports, listed in CONTROL_API_URL [COMPARE_ENDPOINTS, at least 2]. The three can be
                        combined: B is then the other build, with the options added, over N endpoints. The two
                        gateways run side by side, are warmed up alike, and then measured in turn, RUNS rounds (8 or
                        more for a small difference), each round with the nginx proxy too; writes OUT_DIR/compare.md
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
        --high-rate) HIGH_RATE=$2; shift ;;
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
        --compare-endpoints) COMPARE_ENDPOINTS=$2; shift ;;
        --native) COMPARE_NATIVE=$2; shift ;;
        --quick) RUNS=1 DURATION=3 WARMUP=5 STARTUPS=2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

invalid() { echo "$*" >&2; exit 2; }
[[ $QUIET_WAIT =~ ^[0-9]+$ ]] || invalid "QUIET_WAIT must be a whole number of seconds, but was '$QUIET_WAIT'"
for value in CONNECTIONS THREADS DURATION RUNS RATE HIGH_RATE WARMUP PORT_BASE STARTUPS; do
    if ! [[ ${!value} =~ ^[0-9]+$ ]] || [ "${!value}" -lt 1 ]; then
        invalid "$value must be a whole number of at least 1, but was '${!value}'"
    fi
done
if [ -n "$COMPARE_ENDPOINTS" ] && { ! [[ $COMPARE_ENDPOINTS =~ ^[0-9]+$ ]] || [ "$COMPARE_ENDPOINTS" -lt 2 ]; }; then
    invalid "COMPARE_ENDPOINTS must be a whole number of at least 2, but was '$COMPARE_ENDPOINTS'"
fi
[ -z "$COMPARE_APP" ] || [ -f "$COMPARE_APP/quarkus-run.jar" ] \
    || invalid "COMPARE_APP must be a directory holding quarkus-run.jar (a target/quarkus-app), but was '$COMPARE_APP'"
[ -z "$COMPARE_NATIVE" ] || [ -x "$COMPARE_NATIVE" ] \
    || invalid "the native executable must be an executable file (target/*-runner), but was '$COMPARE_NATIVE'"
[ -z "$COMPARE_NATIVE" ] || [ -z "$COMPARE_APP" ] || invalid "--native and --compare-app both name B: give one"
[ "$THREADS" -le "$CONNECTIONS" ] || invalid "THREADS ($THREADS) must not exceed CONNECTIONS ($CONNECTIONS)"

source "$BENCH_DIR/processes.sh"
need_tools
start_work
# (the others start their TSV files in the work folder)
source "$BENCH_DIR/measure.sh"
source "$BENCH_DIR/scenarios.sh"
source "$BENCH_DIR/compare.sh"
source "$BENCH_DIR/aot.sh"

report_head() {
    echo "<!-- written by bench/run.sh${ARGUMENTS:+ $ARGUMENTS} -->"
    echo "Measured $STARTED_AT on: $MACHINE"
    echo "Load average before the run: $LOAD_BEFORE; after: $(load_average)."
    echo
}

# publish FILE...: copies them from the work folder to OUT_DIR, FILE:NAME under another name there
publish() {
    local file
    for file in "$@"; do cp "$WORK/${file%%:*}" "$OUT_DIR/${file#*:}"; done
    log "written in $OUT_DIR: ${*#*:}"
}

main() {
    local port files=(latest.md)
    [ "$AOT" = only ] || [ "$AOT" = yes ] || [ "$AOT" = no ] || die "AOT must be yes, no or only"
    for port in "$BACKEND_PORT" "$PROXY_PORT" "$GATEWAY_PORT" "$COMPARED_PORT" "${MORE_BACKEND_PORTS[@]}"; do
        port_free "$port" || die "port $port is taken; choose another --port-base"
    done
    build_gateway
    MACHINE=$(machine_description)
    LOAD_BEFORE=$(load_average)
    STARTED_AT=$(date -u +%Y-%m-%dT%H:%MZ)
    log "$MACHINE"
    log "load average before: $LOAD_BEFORE"
    mkdir -p "$OUT_DIR"

    if [ -n "$COMPARE_OPTS$COMPARE_APP$COMPARE_ENDPOINTS$COMPARE_NATIVE" ]; then
        compare
        return
    fi
    [ "$AOT" = only ] || load_scenarios
    [ "$AOT" = no ] || aot_startup
    {
        report_head
        if [ "$AOT" != only ]; then
            echo "$CONNECTIONS connections, $THREADS wrk threads, $DURATION s per measurement, medians of $RUNS runs," \
                "each with a fresh gateway warmed up for at least $WARMUP s. Small GET (a 52-byte JSON file), keep-alive." \
                "\"At $RATE req/s\" (and $HIGH_RATE): the same connections with random pauses, a steady load of about" \
                "that many requests/s." \
                "CPU per request: user and system time of the gateway and nginx processes during the measurement," \
                "divided by the requests answered."
            echo
            python3 "$BENCH_DIR/report.py" scenarios "$RUNS_FILE" "$GATEWAY_FILE" "$RATE" "$HIGH_RATE" "$LARGE_MIB" \
                "$WORK/chart.dat"
        fi
        if [ "$AOT" != no ]; then
            echo
            echo "Start-up, medians of $STARTUPS launches each (the AOT cache made by src/main/docker/aot-training.sh," \
                "as Dockerfile.jvm makes it):"
            echo
            python3 "$BENCH_DIR/report.py" startup "$STARTUP_FILE"
        fi
    } >"$WORK/latest.md"
    echo && cat "$WORK/latest.md" && echo
    if [ "$AOT" != only ]; then
        gnuplot -e "datafile='$WORK/chart.dat'; outfile='$WORK/latest.png'; rate='$RATE'; subtitle='$CONNECTIONS connections, medians of $RUNS runs, $(nproc) cores shared by all, load average before ${LOAD_BEFORE%% *}'" \
            "$BENCH_DIR/chart.gp" 2>"$WORK/gnuplot.log" || die "gnuplot failed: $(cat "$WORK/gnuplot.log")"
        files+=(latest.png runs.tsv:latest-runs.tsv gateway.tsv:latest-gateway.tsv)
    fi
    [ "$AOT" = no ] || files+=(startup.tsv:latest-startup.tsv)
    publish "${files[@]}"
}

main
