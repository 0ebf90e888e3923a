package io.breakwater.backend;

import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/**
 * DataAPI: {@code /api/data/...}, tuned by {@code DATA_API_*}.
 */
@Singleton
public class DataApi extends AbstractBackend {

    @ConfigMapping(prefix = "data-api")
    public interface Config extends BackendConfig {
    }

    static final String BREAKER = "DataAPI";

    DataApi(Config config, BackendClients clients) {
        super("data", BREAKER, config, clients);
    }

    @Override
    @AsynchronousNonBlocking
    @CircuitBreaker(failureRatio = 1.0, successThreshold = 1, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName(BREAKER)
    public Uni<CallOutcome> call(BackendCall call) {
        return send(call);
    }
}
