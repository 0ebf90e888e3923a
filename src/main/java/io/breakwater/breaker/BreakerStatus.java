package io.breakwater.breaker;

import java.time.Duration;
import java.time.Instant;

/**
 * What a breaker is doing and since when. Immutable; {@link BreakerMonitor} swaps whole instances.
 *
 * @param state current state
 * @param since when the breaker entered it
 * @param version how many transitions the breaker has made since start-up, to tell older news from newer
 */
public record BreakerStatus(BreakerState state, Instant since, long version) {

    /**
     * Whole seconds until an open breaker lets a trial call through, never less than 1: the {@code Retry-After}
     * a rejected caller is given. A half-open breaker is already probing, so callers may come back in a second.
     */
    public long retryAfterSeconds(Duration resetTimeout, Instant now) {
        return state == BreakerState.OPEN ? RetryAfter.seconds(now, since.plus(resetTimeout)) : 1;
    }
}
