package io.breakwater.breaker;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code Retry-After} a refused caller is given: whole seconds until calls are let through again, rounded up
 * and never less than 1, so that a caller who waits that long does not come back too early.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static long seconds(Instant now, Instant until) {
        long millisLeft = Duration.between(now, until).toMillis();
        return Math.max(1, (millisLeft + 999) / 1000);
    }
}
