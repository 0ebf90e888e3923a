package io.breakwater.health;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;

/**
 * Readiness for Kubernetes. Reports every breaker and Redis as data, but stays UP while backends or Redis are down:
 * a gateway taken out of its Service because one backend is sick would turn that outage into a total one. Only a
 * backend configured as {@code critical} takes readiness down, while its breaker is open. Reads only what is
 * already known, so it answers at once whatever the state of the dependencies.
 */
@Readiness
@Singleton
class GatewayReadiness implements HealthCheck {

    private final Backends backends;
    private final BreakerMonitor monitor;
    private final DependencyProbes probes;

    GatewayReadiness(Backends backends, BreakerMonitor monitor, DependencyProbes probes) {
        this.backends = backends;
        this.monitor = monitor;
        this.probes = probes;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("breakwater").up();
        for (Backend backend : backends.all()) {
            BreakerState state = monitor.status(backend.breakerName()).state();
            response.withData(backend.breakerName(), state.label());
            if (backend.config().critical() && state == BreakerState.OPEN) {
                response.down().withData("reason", backend.breakerName() + " is critical and its breaker is open");
            }
        }
        return response.withData("redis", probes.lastRedis().status()).build();
    }
}
