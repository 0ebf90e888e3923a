package io.breakwater.backend;

import io.smallrye.mutiny.Uni;

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
     * The backend's REST client, for calls that must not go through the breaker, such as health probes.
     */
    BackendClient client();

    /**
     * Sends one request through the circuit breaker. Answers below 500 complete normally; a 5xx answer fails with
     * {@link BackendServerError} so that the breaker counts it.
     */
    Uni<BackendResponse> call(BackendRequest request);
}
