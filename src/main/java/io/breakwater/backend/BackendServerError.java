package io.breakwater.backend;

/**
 * A backend answered with a 5xx status. Raised so that the circuit breaker counts the call as a failure; the
 * answer itself is kept so that the client still receives it unchanged.
 */
public class BackendServerError extends RuntimeException {

    private final transient BackendResponse response;

    public BackendServerError(BackendResponse response) {
        super("backend answered " + response.status(), null, false, false);
        this.response = response;
    }

    public BackendResponse response() {
        return response;
    }
}
