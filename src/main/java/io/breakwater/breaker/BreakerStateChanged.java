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
 */
public record BreakerStateChanged(String service, BreakerState from, BreakerState to, Instant at, long version) {
}
