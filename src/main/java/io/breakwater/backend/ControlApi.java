package io.breakwater.backend;

import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/**
 * ControlAPI: {@code /api/control/...}, tuned by {@code CONTROL_API_*}.
 */
@Singleton
public class ControlApi extends AbstractBackend {

    @ConfigMapping(prefix = "control-api")
    public interface Config extends BackendConfig {
    }

    static final String BREAKER = "ControlAPI";

    ControlApi(Config config, BackendClients clients) {
        super("control", BREAKER, config, clients);
    }

    @Override
    @AsynchronousNonBlocking
    @CircuitBreaker(failureRatio = 1.0, successThreshold = 1, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName(BREAKER)
    public Uni<CallOutcome> call(BackendCall call) {
        return send(call);
    }
}
