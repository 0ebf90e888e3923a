# Sourced by bench/run.sh: start-up with the Java 25 AOT cache (JEPs 483, 514, 515), as the Quarkus AOT guide
# describes it: the aot-jar packaging, a cache made by a training run, and production runs with -XX:AOTCache. Two
# caches are compared:
#   - the one Quarkus makes while packaging (quarkus.package.jar.aot.enabled=true, .type=aot, .phase=build): the
#     application only starts and stops, so the cache holds the start-up classes but no request path;
#   - one trained under the benchmark's own load (-XX:AOTCacheOutput), which also holds the request path's classes
#     and method profiles. Quarkus would train it with @QuarkusIntegrationTest tests (the default phase), which this
#     project does not have.
# The project itself targets Java 17; the aot-jar is built with Java 25 in a copy of the project under
# target/bench-aot, so target/quarkus-app is left alone.
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
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    start_gateway "$WORK/gateway-aot-training.log" "$AOT_APP" "$JAVA25_HOME/bin/java" $JAVA_OPTS \
        -XX:AOTCacheOutput=app-trained.aot
    trip_breaker
    run_wrk "$WORK/aot-training-closed.txt" "" "$WARMUP" "$CLOSED_URL"
    run_wrk "$WORK/aot-training-open.txt" "" "$(((WARMUP + 3) / 4))" "$OPEN_URL"
    # the JVM writes the cache as it exits, which takes a while
    stop_pid "$GATEWAY_PID" 300
    [ -s "$AOT_APP/app-trained.aot" ] || die "no AOT cache was written: $(tail -n 30 "$WORK/gateway-aot-training.log")"
    log "AOT: trained cache: $(du -m "$AOT_APP/app-trained.aot" | cut -f1) MB"
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
