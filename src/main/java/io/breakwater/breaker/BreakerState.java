package io.breakwater.breaker;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * A breaker's state, under the names used in JSON, metrics and Redis.
 */
public enum BreakerState {
    CLOSED("closed", 0),
    OPEN("open", 1),
    HALF_OPEN("half_open", 2);

    private final String label;
    private final int gaugeValue;

    BreakerState(String label, int gaugeValue) {
        this.label = label;
        this.gaugeValue = gaugeValue;
    }

    /**
     * @return {@code closed}, {@code open} or {@code half_open}
     */
    public String label() {
        return label;
    }

    /**
     * @return the value of the {@code circuit_breaker_state} gauge: 0 closed, 1 open, 2 half-open
     */
    public int gaugeValue() {
        return gaugeValue;
    }

    static BreakerState of(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> CLOSED;
            case OPEN -> OPEN;
            case HALF_OPEN -> HALF_OPEN;
        };
    }
}
