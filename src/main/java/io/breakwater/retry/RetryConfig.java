package io.breakwater.retry;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.WithDefault;

/**
 * When a failed call is tried again on another endpoint, under the backend's prefix: {@code control-api.retries} is
 * set by {@code CONTROL_API_RETRIES}.
 */
public interface RetryConfig {

    /**
     * Times a call is tried again on another endpoint, 0 for never: only a call with an idempotent method (GET, HEAD,
     * OPTIONS, PUT, DELETE) and no body or one of at most 64 KiB, refused, reset or answered 502, 503 or 504 before
     * any byte of the answer reached the client, within its own deadline.
     */
    @WithDefault("1")
    @Min(value = 0, message = "must be between 0 and 5, but was ${validatedValue}")
    @Max(value = 5, message = "must be between 0 and 5, but was ${validatedValue}")
    int retries();

    /**
     * Retries the last 10 seconds may hold, as a share of that time's calls, on top of 3 a second, so that a failing
     * service never gets its load multiplied.
     */
    @WithDefault("0.2")
    @DecimalMin(value = "0", message = "must be between 0 and 1, but was ${validatedValue}")
    @DecimalMax(value = "1", message = "must be between 0 and 1, but was ${validatedValue}")
    double retryBudget();
}
