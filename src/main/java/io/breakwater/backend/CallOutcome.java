package io.breakwater.backend;

/**
 * How one call through a breaker ended, as the breaker counts it.
 */
public enum CallOutcome {
    /** The backend answered below 500. */
    SUCCESS("success"),
    /** 5xx, refused or reset connection, timeout: counts towards opening the breaker. */
    FAILURE("failure"),
    /**
     * The gateway refused the call, or gave it up because of its own queueing: breaker open or held, the backend's
     * bulkhead full, or its deadline passed after it waited for a place.
     */
    REJECTED("rejected"),
    /**
     * The client went away, stopped sending its body or stopped reading the answer: the call was ended, and the
     * backend is neither blamed nor credited for it.
     */
    ABANDONED("abandoned");

    private final String label;

    CallOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
