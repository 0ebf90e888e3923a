# Sourced by bench/run.sh: the load scenarios, RUNS runs, each with a fresh gateway.
# shellcheck shell=bash

GATEWAY_FILE=$WORK/gateway.tsv
printf 'run\tstartup_ms\tquarkus_started_ms\trss_kb\trss_peak_kb\n' >"$GATEWAY_FILE"

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
load_scenarios() {
    local run startup profile=
    start_nginx
    log "backend on :$BACKEND_PORT, nginx proxy on :$PROXY_PORT, gateway on :$GATEWAY_PORT"
    for run in $(seq 1 "$RUNS"); do
        log "run $run of $RUNS: starting the gateway"
        start_gateway "$WORK/gateway-$run.log" "$GATEWAY_APP" "$JAVA" $JAVA_OPTS
        startup=$STARTUP_MS
        log "  first proxied 200 after $startup ms; warming up for $WARMUP s"
        trip_breaker
        warm_up "$run"

        [ "$PROFILE" = yes ] && [ "$run" = "$RUNS" ] && profile=yes
        measure direct "$DIRECT_URL" full "$run"
        measure nginx "$PROXY_URL" full "$run"
        [ -z "$profile" ] || jcmd "$GATEWAY_PID" JFR.start name=bench settings=profile filename="$WORK/gateway-closed.jfr" >/dev/null
        measure gateway-closed "$CLOSED_URL" full "$run"
        if [ -n "$profile" ]; then
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
        measure direct "$DIRECT_URL" steady-high "$run"
        measure nginx "$PROXY_URL" steady-high "$run"
        measure gateway-closed "$CLOSED_URL" steady-high "$run"

        printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$startup" "$(quarkus_started_ms "$WORK/gateway-$run.log")" \
            "$(rss_kb "$GATEWAY_PID" VmRSS)" "$(rss_kb "$GATEWAY_PID" VmHWM)" >>"$GATEWAY_FILE"
        log "  RSS after the run: $(tail -n 1 "$GATEWAY_FILE" | awk -F'\t' '{ printf "%.0f MB (peak %.0f MB)", $4 * 1.024 / 1000, $5 * 1.024 / 1000 }')"
        stop_pid "$GATEWAY_PID"
    done
}
