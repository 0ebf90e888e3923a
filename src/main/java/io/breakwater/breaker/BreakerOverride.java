package io.breakwater.breaker;

import java.time.Instant;

/**
 * An operator's force-open or force-close, in force until {@code until}.
 *
 * @param by who asked for it
 * @param reason why
 */
public record BreakerOverride(OverrideAction action, Instant until, String by, String reason) {
}
