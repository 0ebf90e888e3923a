package io.breakwater.metrics;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerOverrides;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.BreakerStateChanged;
import io.breakwater.breaker.CallCounts;
import io.breakwater.breaker.OverrideAction;
import io.breakwater.breaker.RetryAfter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * The breakers as Prometheus sees them: {@code circuit_breaker_state} (0 closed, 1 open, 2 half-open),
 * {@code circuit_breaker_failures_total}, {@code circuit_breaker_rejected_total},
 * {@code circuit_breaker_transitions_total}, {@code circuit_breaker_retry_after_seconds} (until the open breaker's trial
 * call, 0 when not open) and {@code circuit_breaker_override} (0 none, 1 forced open, 2 forced closed), each labelled
 * with the breaker's {@code service} name.
 */
@Singleton
@Startup
class BreakerMetrics {

    private static final BreakerState[][] TRANSITIONS = {
            { BreakerState.CLOSED, BreakerState.OPEN },
            { BreakerState.OPEN, BreakerState.HALF_OPEN },
            { BreakerState.HALF_OPEN, BreakerState.CLOSED },
            { BreakerState.HALF_OPEN, BreakerState.OPEN },
            { BreakerState.OPEN, BreakerState.CLOSED },
    };

    private final GatewayMeters meters;
    private final MeterRegistry registry;

    BreakerMetrics(GatewayMeters meters, Backends backends, BreakerMonitor monitor, CallCounts counts,
            BreakerOverrides overrides, RetryAfter retryAfter) {
        this.meters = meters;
        this.registry = meters.registry();
        for (Backend backend : backends.all()) {
            String name = backend.breakerName();
            meters.owned(Gauge.builder("circuit.breaker.override", () -> overrides.active(name)
                    .map(override -> override.action() == OverrideAction.FORCE_OPEN ? 1 : 2).orElse(0))
                    .description("Operator override: 0 none, 1 forced open, 2 forced closed")
                    .tag("service", name)
                    .register(registry));
            meters.owned(Gauge.builder("circuit.breaker.state", () -> monitor.status(name).state().gaugeValue())
                    .description("Breaker state: 0 closed, 1 open, 2 half-open")
                    .tag("service", name)
                    .register(registry));
            meters.owned(Gauge.builder("circuit.breaker.retry.after", () -> retryAfter.untilTrial(backend))
                    .description("While the breaker is open, seconds until its trial call; 0 otherwise")
                    .baseUnit("seconds")
                    .tag("service", name)
                    .register(registry));
            meters.owned(FunctionCounter.builder("circuit.breaker.failures", counts, c -> c.counts(name).failures())
                    .description("Calls that failed: 5xx, refused or reset connection, timeout")
                    .tag("service", name)
                    .register(registry));
            meters.owned(FunctionCounter.builder("circuit.breaker.rejected", counts, c -> c.counts(name).rejected())
                    .description("Calls answered without calling the backend: breaker open or held, or bulkhead full")
                    .tag("service", name)
                    .register(registry));
            for (BreakerState[] transition : TRANSITIONS) {
                transitions(name, transition[0], transition[1]);
            }
        }
    }

    void onTransition(@ObservesAsync BreakerStateChanged change) {
        transitions(change.service(), change.from(), change.to()).increment();
    }

    private Counter transitions(String service, BreakerState from, BreakerState to) {
        return meters.owned(Counter.builder("circuit.breaker.transitions")
                .description("Breaker state changes")
                .tag("service", service)
                .tag("from", from.label())
                .tag("to", to.label())
                .register(registry));
    }
}
