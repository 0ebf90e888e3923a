package io.breakwater.breaker;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.breakwater.backend.BackendConfig;
import io.breakwater.backend.Backends;

/**
 * How long each open period lasts, and the one place that says so: {@link BreakerMonitor} asks at every transition,
 * and the answer travels with the transition ({@link BreakerStateChanged#openUntil()}) to Redis and the other
 * replicas.
 * <p>
 * It backs a breaker's open period off while its backend keeps failing: each failed trial call doubles the next open
 * period, from {@code reset-timeout} up to {@code reset-timeout-max}, and a successful one starts again from
 * {@code reset-timeout}. SmallRye's breaker stays open a fixed delay, so the longer period is a {@link BreakerHold}
 * that runs past it: calls are refused until it ends, with a {@code Retry-After} to match, and the next call after
 * it is the trial call.
 */
@Singleton
public class OpenBackoff {

    /** The source of the hold that lengthens an open period, as {@code held_open.by} shows it. */
    private static final String SOURCE = "backoff";

    private final Backends backends;
    private final BreakerHolds holds;
    private final Map<String, Integer> failedTrials = new ConcurrentHashMap<>();

    OpenBackoff(Backends backends, BreakerHolds holds) {
        this.backends = backends;
        this.holds = holds;
    }

    /**
     * Follows a transition of the breaker {@code service}; called on the thread that moved it, so quick.
     *
     * @return for a breaker that opened, when its open period ends and its trial call is let through; else
     *         {@code null}
     */
    Instant moved(String service, BreakerState from, BreakerState to, Instant at) {
        if (to == BreakerState.CLOSED) {
            failedTrials.remove(service);
            holds.release(service, SOURCE);
            return null;
        }
        if (to != BreakerState.OPEN) {
            return null;
        }
        BackendConfig config = backends.byBreaker(service).config();
        int failed = from == BreakerState.HALF_OPEN ? failedTrials.merge(service, 1, Integer::sum) : 0;
        long period = openPeriod(failed, config.resetTimeout(), config.longestOpenPeriod());
        Instant until = at.plusSeconds(period);
        if (period > config.resetTimeout()) {
            holds.hold(service, new BreakerHold(until, SOURCE, failed
                    + (failed == 1 ? " trial call" : " trial calls in a row") + " failed: open for " + period + " s"));
        }
        return until;
    }

    /**
     * @return seconds the breaker stays open after {@code failedTrials} failed trial calls in a row: the reset timeout
     *         doubled once for each, at most {@code longest}
     */
    static long openPeriod(int failedTrials, int resetTimeout, int longest) {
        long period = resetTimeout;
        for (int i = 0; i < failedTrials && period < longest; i++) {
            period *= 2;
        }
        return Math.min(period, longest);
    }
}
