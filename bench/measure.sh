# Sourced by bench/run.sh: wrk, the measurement of a scenario with the CPU accounting around it, and the warm-up.
# shellcheck shell=bash disable=SC2046 # $(nginx_pids) is a list of pids

# the mean pause of each connection between an answer and its next request, for a steady rate of R requests/s
pause_ms() { awk -v c="$CONNECTIONS" -v r="$1" 'BEGIN { printf "%.3f", 1000 * c / r }'; }
CLOCK_TICKS=$(getconf CLK_TCK)
RUNS_FILE=$WORK/runs.tsv
printf 'run\tmode\tscenario\trequests_per_s\tp50_us\tp90_us\tp99_us\tp999_us\tmax_us\trequests\tnon_2xx\tsocket_errors\tbackend_calls\tgateway_cpu_us_per_request\tnginx_cpu_us_per_request\tother_processes_cpu_percent\tgateway_heap_bytes_per_request\n' >"$RUNS_FILE"

run_wrk() { # run_wrk OUTPUT PAUSE_MS SECONDS URL [CONNECTIONS]
    BENCH_PAUSE_MS=$2 wrk -t "$THREADS" -c "${5:-$CONNECTIONS}" -d "${3}s" --timeout 30s -s "$BENCH_DIR/wrk.lua" "$4" \
        >"$1" 2>&1 &
    wait $! || die "wrk failed: $(cat "$1")"
}

# CPU time used so far by processes (user + system), in clock ticks; nginx: its master and workers. An empty pid (no
# gateway running yet) counts nothing: /proc//stat would be the whole machine's /proc/stat.
cpu_ticks() {
    local pid total=0
    for pid in "$@"; do
        [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
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
    local deadline=$(($(date +%s) + QUIET_WAIT))
    while :; do
        cpu_snapshot
        sleep 1
        others_since "$SNAPSHOT_ALL" "$SNAPSHOT_OURS" "$SNAPSHOT_NS"
        [ "$OTHERS_PERCENT" -lt 25 ] && return 0
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "  other processes still use ${OTHERS_PERCENT}% of a core; measuring anyway"
            return 0
        fi
        log "  other processes use ${OTHERS_PERCENT}% of a core; waiting"
        sleep 4
    done
}

# Heap the gateway has allocated so far, by Micrometer's count (jvm_gc_memory_allocated_bytes_total), which grows at
# each young collection by what was allocated since the one before: it lags by at most one young generation, a few
# MB against the GBs of a measurement. 0 where there is no such count (a native executable).
allocated_bytes() {
    curl -s "http://127.0.0.1:$GATEWAY_PORT/q/metrics" |
        awk '$1 == "jvm_gc_memory_allocated_bytes_total" { found = 1; printf "%.0f", $2 } END { if (!found) print 0 }'
}

# the gateway's and nginx's CPU ticks so far, the calls that reached the failing backend, the gateway's heap allocated
counters() {
    echo "$(cpu_ticks "$GATEWAY_PID") $(cpu_ticks $(nginx_pids)) $(wc -l <"$WORK/backend-failing-hits.log")" \
        "$(allocated_bytes)"
}

# measure NAME URL MODE (full|steady|steady-high) RUN [CONNECTIONS]: one wrk run, at full speed, at RATE or at
# HIGH_RATE; appends a line to the runs file
# shellcheck disable=SC2154 # requests, p50_us and the rest come from wrk's BENCH line
measure() {
    local name=$1 url=$2 mode=$3 run=$4 output=$WORK/wrk-$4-$3-$1.txt pause='' before after line all ours ns
    local g0 n0 h0 a0 g1 n1 h1 a1 rps gateway_cpu nginx_cpu heap
    [ "$mode" = steady ] && pause=$(pause_ms "$RATE")
    [ "$mode" = steady-high ] && pause=$(pause_ms "$HIGH_RATE")
    sleep 1
    wait_for_quiet
    before=$(counters)
    cpu_snapshot
    all=$SNAPSHOT_ALL ours=$SNAPSHOT_OURS ns=$SNAPSHOT_NS
    run_wrk "$output" "$pause" "$DURATION" "$url" "${5:-}"
    others_since "$all" "$ours" "$ns"
    after=$(counters)
    read -r g0 n0 h0 a0 <<<"$before"
    read -r g1 n1 h1 a1 <<<"$after"
    line=$(grep '^BENCH ' "$output") || die "no result from wrk: $(cat "$output")"
    # shellcheck disable=SC2086 # word splitting into key=value pairs is the point
    local ${line#BENCH }
    # awk's print keeps six significant digits, which printf then rounds to one decimal, as the runs files always had
    read -r rps gateway_cpu nginx_cpu heap <<<"$(awk -v n="$requests" -v us="$duration_us" -v g=$((g1 - g0)) \
        -v x=$((n1 - n0)) -v a=$((a1 - a0)) -v hz="$CLOCK_TICKS" \
        'BEGIN { print n * 1e6 / us, g * 1e6 / hz / n, x * 1e6 / hz / n, a / n }')"
    printf '%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.1f\t%s\t%.0f\n' "$run" "$mode" "$name" "$rps" \
        "$p50_us" "$p90_us" "$p99_us" "$p999_us" "$max_us" "$requests" "$status_errors" \
        "$((connect_errors + read_errors + write_errors + timeouts))" "$((h1 - h0))" "$gateway_cpu" "$nginx_cpu" \
        "$OTHERS_PERCENT" "$heap" >>"$RUNS_FILE"
    log "  $mode $name: $(tail -n 1 "$RUNS_FILE" | awk -F'\t' '{ printf "%.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d, backend calls %d, CPU per request: gateway %.0f us, nginx %.0f us; gateway heap per request: %.0f B; other processes: %d%% of a core", $4, $5 / 1000, $7 / 1000, $11, $13, $14, $15, $17, $16 }')"
}

# methods the gateway's JIT has compiled so far, or nothing when jstat is not at hand
compiled_methods() {
    local jstat
    jstat=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jstat
    [ -x "$jstat" ] || jstat=$(command -v jstat) || return 0
    # nothing for a native executable, which jstat cannot attach to: it has no JIT to wait for
    "$jstat" -compiler "$GATEWAY_PID" 2>/dev/null | awk 'NR == 2 { print $1 }' || true
}

# warm_up NAME: WARMUP seconds of load on the closed breaker, then more, 5 s at a time, while the JIT is still
# compiling more than 10 methods a second (at most twice WARMUP more); then a quarter of that on the open breaker. On
# a busy machine the JIT falls behind, and a gateway measured before it is done costs more CPU per request than it will.
warm_up() {
    local extra=0 before after
    wait_for_quiet
    run_wrk "$WORK/warmup-$1-closed.txt" "" "$WARMUP" "$CLOSED_URL"
    while [ "$extra" -lt $((2 * WARMUP)) ]; do
        before=$(compiled_methods)
        run_wrk "$WORK/warmup-$1-closed-more.txt" "" 5 "$CLOSED_URL"
        after=$(compiled_methods)
        [ -n "$before" ] && [ -n "$after" ] && [ $((after - before)) -gt 50 ] || break
        extra=$((extra + 5))
        log "  the JIT compiled $((after - before)) methods in 5 s; warming up 5 s more"
    done
    run_wrk "$WORK/warmup-$1-open.txt" "" "$(((WARMUP + 3) / 4))" "$OPEN_URL"
}
