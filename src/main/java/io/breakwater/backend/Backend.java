package io.breakwater.backend;

import io.breakwater.retry.RetryPolicy;
import io.vertx.core.Future;

/**
 * A service the gateway fronts. Each backend is one small bean implementing this, whose {@link #call} carries
 * that backend's own named circuit breaker; routing, fallback, health, metrics and events find backends
 * through {@link Backends} and are shared by all of them.
 */
public interface Backend {

    /**
     * Route key: {@code /api/<route>/...} is proxied to this backend.
     */
    String route();

    /**
     * Name of this backend's circuit breaker, as given to {@code @CircuitBreakerName}; also the
     * {@code service} label in metrics, events and error bodies.
     */
    String breakerName();

    BackendConfig config();

    /**
     * How the backend is reached, also by what must not go through the breaker, such as health probes.
     */
    BackendClient client();

    /** Which of its failed calls are tried again on another endpoint. */
    RetryPolicy retries();

    /**
     * Sends one call through the circuit breaker, which counts how {@link BackendCall#send} ends.
     */
    Future<CallOutcome> call(BackendCall call);
}
