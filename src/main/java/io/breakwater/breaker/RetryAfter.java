package io.breakwater.breaker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;

/**
 * How long a caller should wait before it tries a backend again: the one owner of every {@code Retry-After} header and
 * {@code retry_after} field. Whole seconds until calls are let through again, rounded up and never less than 1, so
 * that a caller who waits that long does not come back too early.
 */
@Singleton
public class RetryAfter {

    private final BreakerMonitor monitor;
    private final BreakerHolds holds;
    private final Clock clock;

    RetryAfter(BreakerMonitor monitor, BreakerHolds holds, Clock clock) {
        this.monitor = monitor;
        this.holds = holds;
        this.clock = clock;
    }

    /**
     * For a call its breaker or a hold refused: until the longest hold in force ends, else until the open breaker's
     * trial call; 1 while the breaker is half-open, as its trial call is already out.
     */
    public long forRefusal(Backend backend) {
        Instant now = clock.instant();
        return holds.active(backend.breakerName()).map(hold -> seconds(now, hold.until()))
                .orElseGet(() -> {
                    Long untilTrial = untilTrial(backend, monitor.status(backend.breakerName()), now);
                    return untilTrial == null ? 1 : untilTrial;
                });
    }

    /**
     * @return while the breaker is open, seconds until its trial call; else 0 (what
     *         {@code circuit_breaker_retry_after_seconds} shows)
     */
    public long untilTrial(Backend backend) {
        Long seconds = untilTrial(backend, monitor.status(backend.breakerName()), clock.instant());
        return seconds == null ? 0 : seconds;
    }

    /**
     * @param status the breaker's status, as read by the caller
     * @return while the breaker is open, seconds until its trial call: the end of its reset timeout, or of a hold that
     *         lasts longer (an open period backed off, another replica's open window); else {@code null}
     */
    public Long untilTrial(Backend backend, BreakerStatus status, Instant now) {
        if (status.state() != BreakerState.OPEN) {
            return null;
        }
        Instant trial = status.since().plus(Duration.ofSeconds(backend.config().resetTimeout()));
        Instant held = holds.active(backend.breakerName()).map(BreakerHold::until).orElse(trial);
        return seconds(now, held.isAfter(trial) ? held : trial);
    }

    /**
     * @return seconds from {@code now} until {@code end}, at least 1
     */
    static long seconds(Instant now, Instant end) {
        long millisLeft = Duration.between(now, end).toMillis();
        return Math.max(1, (millisLeft + 999) / 1000);
    }
}
