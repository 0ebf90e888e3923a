package io.breakwater.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.backend.CallOutcome;
import io.breakwater.breaker.CallListener;
import io.micrometer.core.instrument.Timer;

/**
 * {@code backend_call_duration_seconds}: a histogram of how long calls that reached a backend took, by
 * {@code service} and {@code outcome} ({@code success}, {@code failure}, or {@code abandoned} when the client went
 * away), from accepting the call to the end of its answer's body.
 */
@Singleton
class CallMetrics implements CallListener {

    private static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    private final GatewayMeters meters;
    private final Map<String, Map<CallOutcome, Timer>> timers = new HashMap<>();

    CallMetrics(GatewayMeters meters, Backends backends) {
        this.meters = meters;
        // registered up front, so that every series is there, at zero, from the first scrape on
        for (Backend backend : backends.all()) {
            timers.put(backend.breakerName(), timers(backend.breakerName()));
        }
    }

    @Override
    public void onCall(Backend backend, CallOutcome outcome, boolean aroundBreaker, long nanos) {
        if (outcome != CallOutcome.REJECTED) {
            timers.get(backend.breakerName()).get(outcome).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private Map<CallOutcome, Timer> timers(String service) {
        Map<CallOutcome, Timer> byOutcome = new EnumMap<>(CallOutcome.class);
        for (CallOutcome outcome : new CallOutcome[] { CallOutcome.SUCCESS, CallOutcome.FAILURE, CallOutcome.ABANDONED }) {
            byOutcome.put(outcome, meters.owned(Timer.builder("backend.call.duration")
                    .description("Time from accepting a call for a backend to the end of its answer, or its failure")
                    .tag("service", service)
                    .tag("outcome", outcome.label())
                    .serviceLevelObjectives(BUCKETS)
                    .register(meters.registry())));
        }
        return byOutcome;
    }
}
