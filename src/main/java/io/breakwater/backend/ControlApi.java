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
 * <p>
 * Fail max and reset timeout come from {@link Config} through the {@code quarkus.fault-tolerance."..."} lines in
 * {@code application.properties}; a failure ratio of 1 over a window of fail-max calls opens the breaker after
 * exactly fail-max consecutive failures. The call's timeout is the call's own ({@link BackendCall#send}), since it
 * also bounds the wait in the bulkhead outside the breaker.
 */
@Singleton
public class ControlApi extends AbstractBackend {

    static final String CONFIG_PREFIX = "control-api";
    static final String BREAKER = "ControlAPI";

    @ConfigMapping(prefix = CONFIG_PREFIX)
    public interface Config extends BackendConfig {
    }

    ControlApi(Config config, BackendClients clients) {
        super("control", BREAKER, CONFIG_PREFIX, config, clients);
    }

    @Override
    @AsynchronousNonBlocking
    @CircuitBreaker(failureRatio = 1.0, successThreshold = 1, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName(BREAKER)
    public Uni<Void> call(BackendCall call) {
        return call.send(client());
    }
}
