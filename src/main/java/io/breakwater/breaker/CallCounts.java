package io.breakwater.breaker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.CallOutcome;

/**
 * How many calls each breaker let through and how they ended, and its current run of consecutive failures.
 */
@Singleton
public class CallCounts implements CallListener {

    /**
     * One breaker's totals since start-up.
     *
     * @param consecutiveFailures failures since the last success or since the breaker last closed
     */
    public record Counts(long successes, long failures, long rejected, int consecutiveFailures) {
    }

    private static final class Counters {
        final LongAdder successes = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final AtomicInteger consecutiveFailures = new AtomicInteger();
    }

    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    @Override
    public void onCall(Backend backend, CallOutcome outcome, boolean aroundBreaker, long nanos) {
        Counters c = counters(backend.breakerName());
        switch (outcome) {
            case SUCCESS -> {
                c.successes.increment();
                c.consecutiveFailures.set(0);
            }
            case FAILURE -> {
                c.failures.increment();
                if (!aroundBreaker) {
                    // a force-closed breaker ignores failures: its run must not grow past fail-max while it shows closed
                    c.consecutiveFailures.incrementAndGet();
                }
            }
            case REJECTED -> c.rejected.increment();
            case ABANDONED -> {
            }
        }
    }

    public Counts counts(String breakerName) {
        Counters c = counters(breakerName);
        return new Counts(c.successes.sum(), c.failures.sum(), c.rejected.sum(), c.consecutiveFailures.get());
    }

    void onTransition(@ObservesAsync BreakerStateChanged change) {
        if (change.to() == BreakerState.CLOSED) {
            counters(change.service()).consecutiveFailures.set(0);
        }
    }

    private Counters counters(String breakerName) {
        return counters.computeIfAbsent(breakerName, ignored -> new Counters());
    }
}
