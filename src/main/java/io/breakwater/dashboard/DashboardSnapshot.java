package io.breakwater.dashboard;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import io.breakwater.breaker.BreakerReport;
import io.breakwater.events.ReplicaState;
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
     * One breaker, as {@code /health/circuit-breakers} describes it, with its name and what only the page shows.
     *
     * @param breaker the breaker, its fields in line
     * @param rates calls per second over the last minutes
     * @param replicas this breaker on this replica and on every other live one, as last read from Redis
     */
    @RegisterForReflection
    @JsonPropertyOrder({ "name", "breaker", "rates", "replicas" })
    public record Tile(@JsonUnwrapped BreakerReport breaker, RateSeries rates, List<Replica> replicas) {

        /** The breaker's name, e.g. {@code ControlAPI}: the page lists its tiles, where the endpoint keys them. */
        @JsonProperty
        public String name() {
            return breaker.name();
        }
    }

    /**
     * @param name the replica's name
     * @param state its breaker, as the replica last wrote it to Redis; for this replica, as it is now
     * @param self whether it is the replica that took the snapshot
     */
    @RegisterForReflection
    public record Replica(String name, @JsonUnwrapped ReplicaState state, boolean self) {
    }
}
