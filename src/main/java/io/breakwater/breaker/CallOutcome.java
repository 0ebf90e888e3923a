package io.breakwater.breaker;

/**
 * How one call through a breaker ended, as the breaker counts it.
 */
public enum CallOutcome {
    /** The backend answered below 500. */
    SUCCESS("success"),
    /** 5xx, refused or reset connection, timeout: counts towards opening the breaker. */
    FAILURE("failure"),
    /** The call was refused without being sent: breaker open or held, or the backend's bulkhead full. */
    REJECTED("rejected");

    private final String label;

    CallOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
