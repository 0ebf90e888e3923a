package io.breakwater.breaker;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One breaker as the status endpoints and the dashboard show it, read at one moment by {@link BreakerReports}.
 *
 * @param name breaker name, e.g. {@code ControlAPI}
 * @param route where clients reach its backend, e.g. {@code /api/control}
 * @param status its state and since when
 * @param retryAfter while open, whole seconds until the trial call, else {@code null}
 * @param calls its call counters since start-up
 * @param failMax failures in a row that open it
 * @param resetTimeout seconds it stays open before the trial call
 * @param held a hold refusing calls whatever the breaker says, or {@code null}
 * @param override an operator's force-open or force-close in force, or {@code null}
 */
public record BreakerReport(String name, String route, BreakerStatus status, Long retryAfter, CallCounts.Counts calls,
        int failMax, int resetTimeout, Hold held, Override override) {

    public boolean isOpen() {
        return status.state() == BreakerState.OPEN;
    }

    /**
     * @param until when the hold ends by itself
     * @param by who holds it: another replica or an operator
     * @param reason why
     * @param retryAfter whole seconds until it ends
     */
    @RegisterForReflection
    public record Hold(Instant until, String by, String reason, long retryAfter) {
    }

    /**
     * @param action {@code force-open} or {@code force-close}
     * @param until when it ends by itself
     * @param by who set it
     * @param reason why
     */
    @RegisterForReflection
    public record Override(String action, Instant until, String by, String reason) {
    }
}
