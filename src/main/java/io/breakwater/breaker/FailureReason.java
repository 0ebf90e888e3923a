package io.breakwater.breaker;

import java.util.concurrent.CompletionException;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.breakwater.backend.BackendServerError;
import io.breakwater.backend.SlowCall;

/**
 * Why a backend call gave no usable answer.
 */
public enum FailureReason {
    /** The breaker is open (or half-open with its trial call already out): the backend was not called. */
    BREAKER_OPEN("breaker-open"),
    /** The backend already has as many calls in flight and waiting as it may: the call was not sent. */
    OVERLOADED("overloaded"),
    /** The backend did not answer within its timeout, or the call waited for a place past it. */
    TIMEOUT("timeout"),
    /** The backend answered with a 5xx status. */
    SERVER_ERROR("server-error"),
    /** The backend could not be reached, or its answer could not be read: refused or reset connection, unknown host. */
    UNREACHABLE("unreachable"),
    /**
     * The answer's head came later than the backend's slow-call threshold, or had not come by then: counted as a
     * failure while the call went on, its answer relayed.
     */
    SLOW_CALL("slow-call");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the call was refused without being sent, rather than failed at the backend. */
    public boolean isRefusal() {
        return this == BREAKER_OPEN || this == OVERLOADED;
    }

    /**
     * @return the failure itself, or what a {@link CompletionException} wraps
     */
    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * @param cause an {@linkplain #unwrap unwrapped} failure
     */
    public static FailureReason of(Throwable cause) {
        if (cause instanceof CircuitBreakerOpenException) {
            return BREAKER_OPEN;
        }
        if (cause instanceof BulkheadException) {
            return OVERLOADED;
        }
        if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return TIMEOUT;
        }
        if (cause instanceof BackendServerError) {
            return SERVER_ERROR;
        }
        if (cause instanceof SlowCall) {
            return SLOW_CALL;
        }
        return UNREACHABLE;
    }
}
