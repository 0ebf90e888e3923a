package io.breakwater.health;

import java.time.Clock;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.breakwater.breaker.BreakerReport;
import io.breakwater.breaker.BreakerReports;
import io.breakwater.breaker.BreakerReports.CircuitBreakers;
import io.breakwater.events.ClusterView;
import io.breakwater.events.ReplicaState;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /health/circuit-breakers}: every breaker's state, counters and tuning, any hold or operator override on
 * it, and its state on every replica.
 */
@Path("/health/circuit-breakers")
public class CircuitBreakersResource {

    /**
     * One breaker, and the same breaker on every replica. Registered for reflection: it is reached only through the
     * generic {@link CircuitBreakers}.
     *
     * @param report the breaker here, its fields in line
     * @param instances this breaker on every live replica, by replica name, as last read from Redis
     */
    @RegisterForReflection
    public record Breaker(@JsonUnwrapped BreakerReport report, Map<String, ReplicaState> instances) {
    }

    private final BreakerReports reports;
    private final ClusterView cluster;
    private final Clock clock;

    CircuitBreakersResource(BreakerReports reports, ClusterView cluster, Clock clock) {
        this.reports = reports;
        this.cluster = cluster;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CircuitBreakers<Breaker> circuitBreakers() {
        return reports.all(clock.instant(), report -> new Breaker(report, cluster.replicas(report.name())));
    }
}
