package io.breakwater.breaker;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * A call refused because of a {@link BreakerHold}; to its caller, the same as an open breaker.
 */
public class BreakerHeldOpenException extends CircuitBreakerOpenException {

    public BreakerHeldOpenException(BreakerHold hold) {
        super(hold.reason());
    }
}
