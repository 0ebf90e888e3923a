package io.breakwater.backend;

import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

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
@Singleton
public class DataApi extends AbstractBackend {

    static final String CONFIG_PREFIX = "data-api";
    static final String BREAKER = "DataAPI";

    @ConfigMapping(prefix = CONFIG_PREFIX)
    public interface Config extends BackendConfig {
    }

    DataApi(Config config, @RestClient DataApiClient client) {
        super("data", BREAKER, config, client);
    }

    @Override
    @AsynchronousNonBlocking
    @CircuitBreaker(failureRatio = 1.0, successThreshold = 1, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName(BREAKER)
    @Timeout(unit = ChronoUnit.SECONDS)
    public Uni<BackendResponse> call(BackendRequest request) {
        return client().exchange(request);
    }
}
