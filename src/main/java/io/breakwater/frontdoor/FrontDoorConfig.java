package io.breakwater.frontdoor;

import java.time.Duration;
import java.util.OptionalInt;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What a client's connections may hold: time to send a request's head, and a share of the connections. The total is
 * {@code quarkus.http.limits.max-connections}; idle keep-alive connections are also closed after
 * {@code quarkus.http.idle-timeout}.
 */
@ConfigMapping(prefix = "gateway.front-door")
public interface FrontDoorConfig {

    /**
     * Longest a client may take to send a request's head (request line and headers), counted from the connection's
     * opening for its first request and from the first byte of each later one, as nginx's
     * {@code client_header_timeout}. A connection that runs over is closed (with a 408 if part of a head came).
     */
    @WithDefault("10s")
    @DurationMin(millis = 100, message = "must be at least 100ms, but was ${validatedValue}")
    Duration requestHeadTimeout();

    /**
     * Most connections one client address may hold; past it, that address's idle connections and those still
     * waiting for a request's head are closed, longest waiting first. Unset: half of
     * {@code quarkus.http.limits.max-connections}, so that no single client, nor a single proxy in front, takes
     * them all.
     */
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    OptionalInt maxConnectionsPerClient();

    /**
     * @param maxConnections {@code quarkus.http.limits.max-connections}, if set
     * @return the most connections one client address may hold, if there is such a limit
     */
    default OptionalInt perClientLimit(OptionalInt maxConnections) {
        if (maxConnectionsPerClient().isPresent()) {
            return maxConnectionsPerClient();
        }
        return maxConnections.isPresent() ? OptionalInt.of(Math.max(1, maxConnections.getAsInt() / 2))
                : OptionalInt.empty();
    }
}
