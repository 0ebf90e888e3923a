package io.breakwater.endpoint;

/** Discovery found no endpoint of the backend: a call has nowhere to go. */
public final class NoEndpointException extends RuntimeException {

    public NoEndpointException(String service) {
        super("no endpoint of " + service + " found", null, false, false);
    }
}
