# Sourced by bench/run.sh: start-up with the Java 25 AOT cache (JEPs 483, 514, 515) as Dockerfile.jvm makes and uses
# it: the gateway as packaged (aot-jar, every jar on the class path), a cache written by src/main/docker/aot-training.sh
# with Java 25, and runs with -XX:AOTCache. The training runs on a copy of target/quarkus-app in the work folder, so
# that target/ is left alone.
# shellcheck shell=bash

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

STARTUP_FILE=$WORK/startup.tsv
printf 'variant\tlaunch\tstartup_ms\tquarkus_started_ms\trss_kb\tfirst_5s_requests_per_s\n' >"$STARTUP_FILE"

train_aot_cache() {
    AOT_APP=$WORK/aot-app
    rm -rf "$AOT_APP" && cp -r "$GATEWAY_APP" "$AOT_APP"
    cp "$PROJECT_DIR/src/main/jvm/jvm.options" "$AOT_APP/"
    log "AOT: training the cache with src/main/docker/aot-training.sh and $JAVA25_HOME"
    PATH=$JAVA25_HOME/bin:$PATH TRAINING_PORT=$GATEWAY_PORT "$PROJECT_DIR/src/main/docker/aot-training.sh" "$AOT_APP" \
        >"$WORK/aot-training.log" 2>&1 || die "the AOT training failed: $(tail -n 30 "$WORK/aot-training.log")"
    log "AOT: $(tail -n 1 "$WORK/aot-training.log")"
}

# startup_variant NAME APP_DIR JAVA [OPTIONS...]: STARTUPS launches, each followed by 5 s of load; a line of the
# start-up file for each
startup_variant() {
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
        stop_pid "$GATEWAY_PID"
    done
}

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
aot_startup() {
    local java
    find_java25 || die "--aot needs a JDK 25 or newer: set JAVA25_HOME (none found in /usr/lib/jvm)"
    [ -f "$WORK/nginx.pid" ] || start_nginx
    train_aot_cache
    java=$("$JAVA" -version 2>&1 | head -n 1 | sed 's/.*version "\([0-9]*\).*/Java \1/')
    log "AOT: $STARTUPS launches of each variant, each followed by 5 s of load"
    startup_variant "$java (default), no cache" "$GATEWAY_APP" "$JAVA" $JAVA_OPTS
    startup_variant "Java 25, no cache" "$GATEWAY_APP" "$JAVA25_HOME/bin/java" $JAVA_OPTS
    # -XX:AOTMode=on: fail rather than quietly run without a cache that cannot be used
    startup_variant "Java 25, AOT cache (Dockerfile.jvm)" "$AOT_APP" "$JAVA25_HOME/bin/java" $JAVA_OPTS \
        -XX:AOTCache="$AOT_APP/app.aot" -XX:AOTMode=on
}
