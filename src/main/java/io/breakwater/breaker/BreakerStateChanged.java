package io.breakwater.breaker;

import java.time.Instant;

/**
 * CDI event fired asynchronously for every breaker transition; observe it with {@code @ObservesAsync}.
 *
 * @param service breaker name, e.g. {@code ControlAPI}
 * @param from state before
 * @param to state after
 * @param at when the transition happened
 * @param version the breaker's {@linkplain BreakerStatus#version() version} after it
 * @param openUntil for a breaker that opened, when its open period ends and its trial call is let through, backing
 *        off included ({@link OpenBackoff}); else {@code null}
 */
public record BreakerStateChanged(String service, BreakerState from, BreakerState to, Instant at, long version,
        Instant openUntil) {
}
