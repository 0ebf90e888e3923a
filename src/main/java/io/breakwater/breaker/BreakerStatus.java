package io.breakwater.breaker;

import java.time.Instant;

/**
 * What a breaker is doing and since when. Immutable; {@link BreakerMonitor} swaps whole instances.
 *
 * @param state current state
 * @param since when the breaker entered it
 * @param version how many transitions the breaker has made since start-up, to tell older news from newer
 */
public record BreakerStatus(BreakerState state, Instant since, long version) {
}
