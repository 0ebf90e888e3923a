package io.breakwater.breaker;

import java.time.Instant;

/**
 * CDI event fired asynchronously when an operator overrides a breaker on this replica; observe it with
 * {@code @ObservesAsync}. Not fired for overrides that came from another replica.
 *
 * @param service breaker name
 * @param state the breaker's own state when it happened
 * @param until when a force-open or force-close ends, else {@code null}
 * @param by who asked
 * @param reason why
 * @param at when
 */
public record BreakerOverridden(String service, OverrideAction action, BreakerState state, Instant until, String by,
        String reason, Instant at) {
}
