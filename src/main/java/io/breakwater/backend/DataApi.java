package io.breakwater.backend;

import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

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

    DataApi(Config config, BackendClients clients) {
        super("data", BREAKER, CONFIG_PREFIX, config, clients);
    }

    @Override
    @AsynchronousNonBlocking
    @CircuitBreaker(failureRatio = 1.0, successThreshold = 1, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName(BREAKER)
    public Uni<Void> call(BackendCall call) {
        return call.send(client());
    }
}
