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
import io.breakwater.breaker.BreakerHolds;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerOverrides;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.BreakerStatus;
import io.breakwater.breaker.CallCounts;
import io.breakwater.breaker.RetryAfter;
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
            Long retryAfter, Instant openedAt, long successes, long failures, long rejected, Hold heldOpen,
            Override override, Map<String, ReplicaState> instances) {
    }

    /**
     * @param action {@code force-open} or {@code force-close}
     */
    @RegisterForReflection
    public record Override(String action, Instant until, String by, String reason) {
    }

    /**
     * @param until when the hold ends by itself
     * @param by who holds it
     * @param reason why
     */
    @RegisterForReflection
    public record Hold(Instant until, String by, String reason, long retryAfter) {
    }

    private final Backends backends;
    private final BreakerMonitor monitor;
    private final CallCounts counts;
    private final BreakerHolds holds;
    private final BreakerOverrides overrides;
    private final ClusterView cluster;
    private final Clock clock;

    CircuitBreakersResource(Backends backends, BreakerMonitor monitor, CallCounts counts, BreakerHolds holds,
            BreakerOverrides overrides, ClusterView cluster, Clock clock) {
        this.backends = backends;
        this.monitor = monitor;
        this.counts = counts;
        this.holds = holds;
        this.overrides = overrides;
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
        String name = backend.breakerName();
        BreakerStatus status = monitor.status(name);
        CallCounts.Counts calls = counts.counts(name);
        boolean open = status.state() == BreakerState.OPEN;
        Long retryAfter = open ? monitor.retryAfterSeconds(backend) : null;
        Hold held = holds.active(name).map(hold -> new Hold(hold.until(), hold.source(), hold.reason(),
                RetryAfter.seconds(clock.instant(), hold.until()))).orElse(null);
        return new Breaker("/api/" + backend.route(), status.state().label(), status.since(),
                calls.consecutiveFailures(), backend.config().failMax(), backend.config().resetTimeout(), retryAfter,
                open ? status.since() : null, calls.successes(), calls.failures(), calls.rejected(), held,
                overrides.active(name).map(override -> new Override(override.action().label(), override.until(),
                        override.by(), override.reason())).orElse(null),
                cluster.replicas(name));
    }
}
