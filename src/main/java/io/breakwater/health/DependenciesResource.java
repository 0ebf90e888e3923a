package io.breakwater.health;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerMonitor;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code GET /health/dependencies}: whether each backend answers its health path and Redis its {@code PING},
 * from {@link DependencyProbes}; {@code UP} overall when all do, {@code DEGRADED} otherwise.
 */
@Path("/health/dependencies")
public class DependenciesResource {

    @RegisterForReflection
    public record Dependencies(String status, Map<String, BackendHealth> backends, Dependency redis) {
    }

    /**
     * @param route where clients reach the backend
     * @param state its breaker's state
     */
    @RegisterForReflection
    public record BackendHealth(String route, String status, Long latencyMs, String state, String detail,
            Instant checkedAt) {
    }

    @RegisterForReflection
    public record Dependency(String status, Long latencyMs, String detail, Instant checkedAt) {
    }

    private final Backends backends;
    private final BreakerMonitor monitor;
    private final DependencyProbes probes;

    DependenciesResource(Backends backends, BreakerMonitor monitor, DependencyProbes probes) {
        this.backends = backends;
        this.monitor = monitor;
        this.probes = probes;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Dependencies> dependencies() {
        return Uni.combine().all().unis(probes.backends(), probes.redis()).with((byName, redis) -> {
            Map<String, BackendHealth> health = new LinkedHashMap<>();
            boolean allUp = redis.isUp();
            for (Backend backend : backends.all()) {
                ProbeResult probe = byName.get(backend.breakerName());
                allUp &= probe.isUp();
                health.put(backend.breakerName(), new BackendHealth("/api/" + backend.route(), probe.status(),
                        probe.latencyMs(), monitor.status(backend.breakerName()).state().label(), probe.detail(),
                        probe.checkedAt()));
            }
            return new Dependencies(allUp ? "UP" : "DEGRADED", health,
                    new Dependency(redis.status(), redis.latencyMs(), redis.detail(), redis.checkedAt()));
        });
    }
}
