package io.breakwater.backend;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.config.ConfigMapping;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/**
 * DataAPI: {@code /api/data/...}, tuned by {@code DATA_API_*}. Built like {@link ControlApi}.
 */
@ApplicationScoped
public class DataApi implements Backend {

    static final String CONFIG_PREFIX = "data-api";
    static final String BREAKER = "DataAPI";

    @ConfigMapping(prefix = CONFIG_PREFIX)
    public interface Config extends BackendConfig {
    }

    @Inject
    @RestClient
    DataApiClient client;

    @Inject
    Config config;

    @Override
    public String route() {
        return "data";
    }

    @Override
    public String breakerName() {
        return BREAKER;
    }

    @Override
    public BackendConfig config() {
        return config;
    }

    @Override
    public BackendClient client() {
        return client;
    }

    @Override
    @AsynchronousNonBlocking
    @CircuitBreaker(failureRatio = 1.0, successThreshold = 1, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName(BREAKER)
    @Timeout(unit = ChronoUnit.SECONDS)
    public Uni<BackendResponse> call(BackendRequest request) {
        return client.exchange(request);
    }
}
