package io.breakwater.frontdoor;

import java.time.Duration;
import java.util.OptionalInt;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What client connections may hold: how many there are, how many one client address has, the time to send a
 * request's head, and the kernel memory an answer not yet read may take. Idle keep-alive connections are also closed
 * after {@code quarkus.http.idle-timeout}.
 */
@ConfigMapping(prefix = "gateway.front-door")
public interface FrontDoorConfig {

    /**
     * Most client connections at once. From nine tenths of it on, connections still waiting for a first request and
     * idle keep-alive ones are closed, the longest waiting first, to make room for new clients; a connection serving a
     * request is never closed for it. Each connection waiting for a request head of the largest size holds about
     * 25 KB of heap: raise it with the heap.
     */
    @WithDefault("2000")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    int maxConnections();

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
     * waiting for a request's head are closed, longest waiting first. Unset: two fifths of {@code max-connections}, so
     * that no single client, nor a single proxy in front, takes them all, and so that one client holding its share of
     * unfinished request heads (about 25 KB of heap each) leaves the shipped heap a fifth below where load shedding
     * starts.
     */
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    OptionalInt maxConnectionsPerClient();

    /**
     * Kernel send buffer of each client connection ({@code SO_SNDBUF}), e.g. {@code 256K}; the kernel doubles it for
     * its own bookkeeping. Left to itself, Linux grows a connection's send buffer up to {@code net.ipv4.tcp_wmem}'s
     * maximum (4 MB by default), and a thousand slow readers of large answers then hold gigabytes of kernel memory,
     * which counts against the container's memory limit and, past {@code net.ipv4.tcp_mem}, slows every connection
     * on the node. One connection moves at most about this much per round trip, and the smaller it is the more often
     * the gateway wakes to refill it: at {@code 32K}, large answers passed at a tenth of the speed.
     */
    @WithDefault("256K")
    MemorySize sendBuffer();

    /** @return the most connections one client address may hold */
    default int perClientLimit() {
        return maxConnectionsPerClient().orElse(Math.max(1, maxConnections() * 2 / 5));
    }
}
