package io.breakwater.breaker;

import io.breakwater.backend.CallOutcome;

/**
 * How a call through the {@link BreakerGate} ended, classified once: its outcome as counted, and for a call that got
 * no usable answer from the backend, why.
 *
 * @param outcome what the counters and metrics record
 * @param reason why the backend gave no usable answer, or {@code null} if it did or the client went away first
 * @param cause the failure behind {@code reason}, or {@code null}
 */
public record CallVerdict(CallOutcome outcome, FailureReason reason, Throwable cause) {

    private static final CallVerdict[] OF_OUTCOME = new CallVerdict[CallOutcome.values().length];

    static {
        for (CallOutcome outcome : CallOutcome.values()) {
            OF_OUTCOME[outcome.ordinal()] = new CallVerdict(outcome, null, null);
        }
    }

    /**
     * A call that ended as the call itself says: well, abandoned by its client, or out of time while queued (which
     * the call answered itself).
     */
    static CallVerdict of(CallOutcome outcome) {
        return OF_OUTCOME[outcome.ordinal()];
    }

    /** A call the gate refused, or the backend failed. */
    static CallVerdict of(Throwable failure) {
        Throwable cause = FailureReason.unwrap(failure);
        FailureReason reason = FailureReason.of(cause);
        return new CallVerdict(reason.isRefusal() ? CallOutcome.REJECTED : CallOutcome.FAILURE, reason, cause);
    }
}
