# Sourced by bench/run.sh: a variant of the gateway beside it (--compare-opts, --compare-app, --native,
# --compare-endpoints).
# On a shared machine the requests/s of one run and the next differ by more than most changes gain; two gateways
# measured in turn, round after round, see the same machine, and the median of the rounds' ratios shows the
# difference. Writes its own report, compare.md, leaving the scenarios' latest.* as they are.
# shellcheck shell=bash

# shellcheck disable=SC2086 # JAVA_OPTS and COMPARE_OPTS are lists of options
compare_variants() {
    local a_port=$GATEWAY_PORT a_pid b_pid round variant order
    start_nginx
    start_gateway "$WORK/gateway-a.log" "$GATEWAY_APP" "$JAVA" $JAVA_OPTS
    a_pid=$GATEWAY_PID
    use_gateway "$COMPARED_PORT" ""
    # B's backend: the same nginx on COMPARE_ENDPOINTS ports, if asked for
    if [ -n "$COMPARE_NATIVE" ]; then
        CONTROL_URL=${COMPARE_ENDPOINTS:+$ENDPOINTS_URL} NATIVE=yes \
            start_gateway "$WORK/gateway-b.log" "$(dirname "$COMPARE_NATIVE")" "$COMPARE_NATIVE" $COMPARE_OPTS
    else
        CONTROL_URL=${COMPARE_ENDPOINTS:+$ENDPOINTS_URL} \
            start_gateway "$WORK/gateway-b.log" "${COMPARE_APP:-$GATEWAY_APP}" "$JAVA" $JAVA_OPTS $COMPARE_OPTS
    fi
    b_pid=$GATEWAY_PID
    log "nginx proxy on :$PROXY_PORT, gateway A on :$a_port, gateway B on :$COMPARED_PORT${COMPARE_ENDPOINTS:+ (ControlAPI: $ENDPOINTS_URL)}; warming both up"
    use_gateway "$a_port" "$a_pid"
    warm_up a
    use_gateway "$COMPARED_PORT" "$b_pid"
    warm_up b
    for round in $(seq 1 "$RUNS"); do
        log "round $round of $RUNS"
        measure nginx "$PROXY_URL" full "$round"
        order="a b"
        [ $((round % 2)) = 0 ] && order="b a"
        for variant in $order; do
            if [ "$variant" = a ]; then use_gateway "$a_port" "$a_pid"; else use_gateway "$COMPARED_PORT" "$b_pid"; fi
            measure "gateway-$variant" "$CLOSED_URL" full "$round"
        done
    done
    RSS_AFTER="A $(($(rss_kb "$a_pid" VmRSS) * 1024 / 1000000)) MB,"
    RSS_AFTER+=" B $(($(rss_kb "$b_pid" VmRSS) * 1024 / 1000000)) MB"
    stop_pid "$a_pid"
    stop_pid "$b_pid"
}

compare() {
    local backend_a='' backend_b='' label_b
    label_b="${COMPARE_APP:-the same build}, ${JAVA_OPTS:-default JVM settings}${COMPARE_OPTS:+ $COMPARE_OPTS}"
    if [ -n "$COMPARE_NATIVE" ]; then
        label_b="the native executable ${COMPARE_NATIVE#"$PROJECT_DIR"/}${COMPARE_OPTS:+, $COMPARE_OPTS}"
    fi
    if [ -n "$COMPARE_ENDPOINTS" ]; then
        backend_a="; ControlAPI: one endpoint, $BACKEND_URL"
        backend_b="; ControlAPI: $COMPARE_ENDPOINTS endpoints, the same nginx on $COMPARE_ENDPOINTS ports, $ENDPOINTS_URL"
    fi
    compare_variants
    {
        report_head
        echo "Breaker closed, $CONNECTIONS connections, $THREADS wrk threads, $DURATION s per measurement; both gateways" \
            "warmed up for at least $WARMUP s, then $RUNS rounds, each measuring the nginx proxy, A and B in turn" \
            "(A first in odd rounds, B first in even ones). Medians of the rounds."
        echo
        python3 "$BENCH_DIR/report.py" compare "$RUNS_FILE" \
            "${GATEWAY_APP#"$PROJECT_DIR"/}, ${JAVA_OPTS:-default JVM settings}$backend_a" \
            "$label_b$backend_b"
        echo
        echo "- RSS after the rounds: $RSS_AFTER."
    } >"$WORK/compare.md"
    echo && cat "$WORK/compare.md" && echo
    publish compare.md runs.tsv:compare-runs.tsv
}
