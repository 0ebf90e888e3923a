package io.breakwater.health;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerReport;
import io.breakwater.breaker.BreakerReports;
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
     * @param circuitBreakers by breaker name
     */
    @RegisterForReflection
    public record CircuitBreakers(Map<String, Breaker> circuitBreakers) {
    }

    /**
     * One breaker.
     *
     * @param route where clients reach its backend
     * @param state {@code closed}, {@code open} or {@code half_open}
     * @param since when it entered that state
     * @param failCounter failures in a row so far
     * @param failMax failures in a row that open it
     * @param resetTimeout seconds it stays open before a trial call
     * @param retryAfter seconds until the trial call while open, else {@code null}
     * @param openedAt when it opened, while open, else {@code null}
     * @param successes calls answered below 500 since start-up
     * @param failures failed calls since start-up
     * @param rejected calls refused while open since start-up
     * @param heldOpen a hold that refuses calls whatever the breaker says (another replica's open breaker, an
     *        operator's override), or {@code null}
     * @param override an operator's force-open or force-close in force, or {@code null}
     * @param instances this breaker on every live replica, by replica name, as last read from Redis
     */
    @RegisterForReflection
    public record Breaker(String route, String state, Instant since, int failCounter, int failMax, int resetTimeout,
            Long retryAfter, Instant openedAt, long successes, long failures, long rejected,
            BreakerReport.Hold heldOpen, BreakerReport.Override override, Map<String, ReplicaState> instances) {
    }

    private final Backends backends;
    private final BreakerReports reports;
    private final ClusterView cluster;
    private final Clock clock;

    CircuitBreakersResource(Backends backends, BreakerReports reports, ClusterView cluster, Clock clock) {
        this.backends = backends;
        this.reports = reports;
        this.cluster = cluster;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CircuitBreakers circuitBreakers() {
        Map<String, Breaker> breakers = new LinkedHashMap<>();
        for (Backend backend : backends.all()) {
            breakers.put(backend.breakerName(), breaker(backend));
        }
        return new CircuitBreakers(breakers);
    }

    private Breaker breaker(Backend backend) {
        BreakerReport report = reports.of(backend, clock.instant());
        Instant since = report.status().since();
        return new Breaker(report.route(), report.status().state().label(), since,
                report.calls().consecutiveFailures(), report.failMax(), report.resetTimeout(), report.retryAfter(),
                report.isOpen() ? since : null, report.calls().successes(), report.calls().failures(),
                report.calls().rejected(), report.held(), report.override(), cluster.replicas(report.name()));
    }
}
