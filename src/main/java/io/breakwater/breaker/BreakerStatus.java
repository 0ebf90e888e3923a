package io.breakwater.breaker;

import java.time.Duration;
import java.time.Instant;

/**
 * What a breaker is doing and since when. Immutable; {@link BreakerMonitor} swaps whole instances.
 *
 * @param state current state
 * @param since when the breaker entered it
 */
public record BreakerStatus(BreakerState state, Instant since) {

    /**
     * Whole seconds until an open breaker lets a trial call through, never less than 1: the {@code Retry-After}
     * a rejected caller is given. A half-open breaker is already probing, so callers may come back in a second.
     */
    public long retryAfterSeconds(Duration resetTimeout, Instant now) {
        if (state != BreakerState.OPEN) {
            return 1;
        }
        long millisLeft = Duration.between(now, since.plus(resetTimeout)).toMillis();
        return Math.max(1, (millisLeft + 999) / 1000);
    }
}
