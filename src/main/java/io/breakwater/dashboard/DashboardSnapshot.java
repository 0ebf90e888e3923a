package io.breakwater.dashboard;

import java.time.Instant;
import java.util.List;

import io.breakwater.breaker.BreakerReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Everything the page shows, at one moment.
 *
 * @param at when it was taken
 * @param instance the replica that took it
 * @param adminEnabled whether the admin API answers (with its token), so that the page offers its actions
 * @param breakers one tile per breaker
 * @param transitions the latest transitions
 */
@RegisterForReflection
public record DashboardSnapshot(Instant at, String instance, boolean adminEnabled, List<Tile> breakers,
        RecentTransitions.Recent transitions) {

    /**
     * One breaker.
     *
     * @param name breaker name, e.g. {@code ControlAPI}
     * @param route where clients reach its backend
     * @param state {@code closed}, {@code open} or {@code half_open}
     * @param since when it entered that state
     * @param retryAfter while open, whole seconds until the trial call, else {@code null}
     * @param failCounter failures in a row so far
     * @param failMax failures in a row that open it
     * @param resetTimeout seconds it stays open before the trial call
     * @param held a hold refusing calls whatever the breaker says, or {@code null}
     * @param override an operator's force-open or force-close in force, or {@code null}
     * @param calls totals since start-up
     * @param rates calls per second over the last minutes
     * @param replicas this breaker on this replica and on every other live one, as last read from Redis
     */
    @RegisterForReflection
    public record Tile(String name, String route, String state, Instant since, Long retryAfter, int failCounter,
            int failMax, int resetTimeout, BreakerReport.Hold held, BreakerReport.Override override, Calls calls, RateSeries rates,
            List<Replica> replicas) {
    }

    @RegisterForReflection
    public record Calls(long successes, long failures, long rejected) {
    }

    /**
     * @param name the replica's name
     * @param state its breaker's state
     * @param since when its breaker entered that state
     * @param updatedAt when the replica last wrote it to Redis; for this replica, now
     * @param self whether it is the replica that took the snapshot
     */
    @RegisterForReflection
    public record Replica(String name, String state, Instant since, Instant updatedAt, boolean self) {
    }
}
