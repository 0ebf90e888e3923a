package io.breakwater.backend;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.vertx.core.Future;

/**
 * ControlAPI: {@code /api/control/...}, tuned by {@code CONTROL_API_*}.
 */
@Singleton
public class ControlApi extends AbstractBackend {

    @ConfigMapping(prefix = "control-api")
    public interface Config extends BackendConfig {
    }

    ControlApi(Config config, BackendClients clients) {
        super("control", "ControlAPI", config, clients);
    }

    @Override
    @CircuitBreaker
    @CircuitBreakerName("ControlAPI")
    public Future<CallOutcome> call(BackendCall call) {
        return send(call);
    }
}
