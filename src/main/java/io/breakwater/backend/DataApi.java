package io.breakwater.backend;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.vertx.core.Future;

/**
 * DataAPI: {@code /api/data/...}, tuned by {@code DATA_API_*}.
 */
@Singleton
public class DataApi extends AbstractBackend {

    @ConfigMapping(prefix = "data-api")
    public interface Config extends BackendConfig {
    }

    DataApi(Config config, BackendClients clients) {
        super("data", "DataAPI", config, clients);
    }

    @Override
    @CircuitBreaker
    @CircuitBreakerName("DataAPI")
    public Future<CallOutcome> call(BackendCall call) {
        return send(call);
    }
}
