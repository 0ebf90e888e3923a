package io.breakwater.breaker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Reads {@link BreakerReport}s from what the gateway already holds in memory; never waits on Redis or a backend.
 */
@Singleton
public class BreakerReports {

    /**
     * Every breaker by name, as the endpoints that list them answer:
     * {@code {"circuit_breakers": {"ControlAPI": {...}, "DataAPI": {...}}}}.
     *
     * @param <T> a {@link BreakerReport}, or an endpoint's view of one
     */
    @RegisterForReflection
    public record CircuitBreakers<T>(Map<String, T> circuitBreakers) {
    }

    private final Backends backends;
    private final BreakerMonitor monitor;
    private final CallCounts counts;
    private final BreakerHolds holds;
    private final BreakerOverrides overrides;
    private final RetryAfter retryAfter;

    BreakerReports(Backends backends, BreakerMonitor monitor, CallCounts counts, BreakerHolds holds,
            BreakerOverrides overrides, RetryAfter retryAfter) {
        this.backends = backends;
        this.monitor = monitor;
        this.counts = counts;
        this.holds = holds;
        this.overrides = overrides;
        this.retryAfter = retryAfter;
    }

    /**
     * @return every breaker, by name, in the order of the backends
     */
    public CircuitBreakers<BreakerReport> all(Instant now) {
        return all(now, Function.identity());
    }

    /**
     * @param view what an endpoint makes of each report
     * @return every breaker as {@code view} shows it, by name, in the order of the backends
     */
    public <T> CircuitBreakers<T> all(Instant now, Function<BreakerReport, T> view) {
        Map<String, T> byName = new LinkedHashMap<>();
        for (Backend backend : backends.all()) {
            byName.put(backend.breakerName(), view.apply(of(backend, now)));
        }
        return new CircuitBreakers<>(byName);
    }

    public BreakerReport of(Backend backend, Instant now) {
        String name = backend.breakerName();
        BreakerStatus status = monitor.status(name);
        boolean open = status.state() == BreakerState.OPEN;
        Long untilTrial = retryAfter.untilTrial(backend, status, now);
        CallCounts.Counts calls = counts.counts(name);
        BreakerReport.Hold held = holds.active(name).map(hold -> new BreakerReport.Hold(hold.until(), hold.source(),
                hold.reason(), RetryAfter.seconds(now, hold.until()))).orElse(null);
        BreakerReport.Override override = overrides.active(name).map(active -> new BreakerReport.Override(
                active.action().label(), active.until(), active.by(), active.reason())).orElse(null);
        return new BreakerReport(name, "/api/" + backend.route(), status.state().label(), status.since(),
                calls.consecutiveFailures(), backend.config().failMax(), backend.config().failureRatio(),
                backend.config().resetTimeout(), backend.config().longestOpenPeriod(),
                backend.config().slowCallThreshold().map(Duration::toMillis).orElse(null), untilTrial,
                open ? status.since() : null, calls.successes(), calls.failures(), calls.rejected(), held, override,
                backend.client().endpoints().views());
    }
}
