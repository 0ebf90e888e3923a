package io.breakwater.breaker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;

/**
 * Backs a breaker's open period off while its backend keeps failing: each failed trial call doubles the next open
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

    void onTransition(@ObservesAsync BreakerStateChanged change) {
        Backend backend = backends.byBreaker(change.service());
        if (backend == null) {
            return;
        }
        if (change.from() == BreakerState.HALF_OPEN && change.to() == BreakerState.OPEN) {
            int failed = failedTrials.merge(change.service(), 1, Integer::sum);
            int resetTimeout = backend.config().resetTimeout();
            long period = openPeriod(failed, resetTimeout, backend.config().longestOpenPeriod());
            if (period > resetTimeout) {
                holds.hold(change.service(), new BreakerHold(change.at().plus(Duration.ofSeconds(period)), SOURCE,
                        failed + (failed == 1 ? " trial call" : " trial calls in a row") + " failed: open for "
                                + period + " s"));
            }
        } else if (change.to() == BreakerState.CLOSED) {
            failedTrials.remove(change.service());
            holds.release(change.service(), SOURCE);
        }
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
