package io.breakwater.tracing;

import io.breakwater.backend.CallOutcome;
import io.breakwater.breaker.BreakerHeldOpenException;
import io.breakwater.breaker.FailureReason;

/**
 * How a proxied call ended, in the words of its trace ({@code breakwater.outcome}) and of the access log: finer than
 * what the breaker counts ({@link CallOutcome}), since it says how the client was answered.
 */
public enum ReportedOutcome {
    /** The backend answered below 500, in time. */
    SUCCESS("success"),
    /** The backend answered 5xx, could not be reached, or broke off its answer. */
    FAILURE("failure"),
    /** No answer within the backend's timeout, or the call waited for a place past it: 504. */
    TIMEOUT("timeout"),
    /** The answer came after the slow-call threshold: relayed, and counted as a failure. */
    SLOW("slow"),
    /** Refused without calling the backend: its breaker open, or its bulkhead full (503). */
    REJECTED("rejected"),
    /** Refused because an operator holds the breaker open (503). */
    HELD("held"),
    /** The backend gave no usable answer, and the last good answer to the same GET was served, marked stale. */
    STALE("stale"),
    /** The gateway refused the client's request: its body too large, or too slow to come (413, 408). */
    REFUSED("refused"),
    /** The client went away, or stopped reading, before the call was over. */
    ABANDONED("abandoned");

    private final String label;

    ReportedOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** What a call ended as, before anything more is known of how its client was answered. */
    public static ReportedOutcome of(CallOutcome outcome) {
        return switch (outcome) {
            case SUCCESS -> SUCCESS;
            case FAILURE -> FAILURE;
            case REJECTED -> REJECTED;
            case ABANDONED -> ABANDONED;
        };
    }

    /** What a call the gateway answered itself, for {@code reason}, ended as. */
    public static ReportedOutcome of(FailureReason reason, Throwable cause) {
        return switch (reason) {
            case BREAKER_OPEN -> cause instanceof BreakerHeldOpenException ? HELD : REJECTED;
            case OVERLOADED -> REJECTED;
            case TIMEOUT -> TIMEOUT;
            case SLOW_CALL -> SLOW;
            case SERVER_ERROR, UNREACHABLE -> FAILURE;
        };
    }
}
