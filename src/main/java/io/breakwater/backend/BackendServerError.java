package io.breakwater.backend;

/**
 * A backend answered with a 5xx status. Raised so that the circuit breaker counts the call as a failure; the
 * answer itself still reaches the client.
 */
public class BackendServerError extends RuntimeException {

    public BackendServerError(int status) {
        super("backend answered " + status, null, false, false);
    }
}
