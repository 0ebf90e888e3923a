package io.breakwater.frontdoor;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.breakwater.overload.MemoryPressure;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Looks at every client connection ten times a second and closes those that hold the gateway without using it:
 * <ul>
 * <li>a connection whose request head does not arrive within {@code gateway.front-door.request-head-timeout};</li>
 * <li>past nine tenths of {@code gateway.front-door.max-connections}, connections that have waited more than a second
 * for a first request (longest waiting first), then idle keep-alive ones (longest idle first), then the newest, to make
 * room for new clients, as nginx closes idle keep-alive connections when it runs short;</li>
 * <li>the same within one client address that holds more than its share
 * ({@code gateway.front-door.max-connections-per-client});</li>
 * <li>while the gateway sheds load ({@link MemoryPressure}): every connection not serving a request, new ones
 * included, and those whose client has not taken what was written to it for a second.</li>
 * </ul>
 * A connection serving a request is never closed here but as a slow reader under load shedding: its request has
 * deadlines of its own.
 */
@Singleton
public class ConnectionSweep {

    /** Why a connection was closed here. */
    public enum Reason {
        HEAD_TIMEOUT, CONNECTION_LIMIT, CLIENT_LIMIT, OVERLOAD
    }

    /** Set on a connection's channel once a request of it reached the gateway's routes. */
    static final AttributeKey<Boolean> SERVED = AttributeKey.valueOf(ConnectionSweep.class, "served");
    private static final AttributeKey<Long> FIRST_SEEN = AttributeKey.valueOf(ConnectionSweep.class, "firstSeen");

    private static final long INTERVAL_MILLIS = 100;
    private static final long SLOW_READER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How long a new connection may go without a request before it is the first to make room: a client sends its
     * first request at once, but the sweep may look between the connection and that request reaching the routes.
     */
    private static final long FIRST_REQUEST_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Vertx vertx;
    private final MemoryPressure pressure;
    private final long headTimeoutNanos;
    private final long headTimeoutSeconds;
    private final int softLimit;
    private final int perClientLimit;
    private final Map<Reason, LongAdder> closed = new EnumMap<>(Reason.class);
    private volatile int open;
    private long timer = -1;

    ConnectionSweep(Vertx vertx, MemoryPressure pressure, FrontDoorConfig config) {
        this.vertx = vertx;
        this.pressure = pressure;
        this.headTimeoutNanos = config.requestHeadTimeout().toNanos();
        this.headTimeoutSeconds = Math.max(1, config.requestHeadTimeout().toSeconds());
        this.softLimit = Math.max(1, config.maxConnections() * 9 / 10);
        this.perClientLimit = config.perClientLimit();
        for (Reason reason : Reason.values()) {
            closed.put(reason, new LongAdder());
        }
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(INTERVAL_MILLIS, ignored -> sweep());
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** @return the client connections open at the last look */
    public int open() {
        return open;
    }

    /** @return connections closed here for {@code reason} since start-up */
    public long closed(Reason reason) {
        return closed.get(reason).sum();
    }

    /** One connection, as this look found it. */
    private record Look(Channel channel, ClientConnection connection, InetAddress client, boolean waiting,
            boolean firstRequest, long sinceNanos) {

        /**
         * Those that have waited past the grace for a first request go first, then the idle, then new ones that are
         * probably sending their first request; the longest waiting first in each.
         */
        static Comparator<Look> closingOrder(long now) {
            return Comparator.comparingInt((Look look) -> look.closingRank(now))
                    .thenComparingLong(look -> look.sinceNanos);
        }

        private int closingRank(long now) {
            if (!firstRequest) {
                return 1;
            }
            return now - sinceNanos >= FIRST_REQUEST_GRACE_NANOS ? 0 : 2;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        boolean shedding = pressure.shedding();
        List<Look> waiting = new ArrayList<>();
        Map<InetAddress, Integer> perClient = new HashMap<>();
        int count = 0;
        for (Channel channel : ServerChannels.of(vertx)) {
            if (!channel.isActive()) {
                continue;
            }
            Look look = look(channel, now);
            if (look.waiting && timedOut(look, now)) {
                close(look, Reason.HEAD_TIMEOUT);
            } else if (shedding && (look.waiting || slowReader(look, now))) {
                close(look, Reason.OVERLOAD);
            } else {
                count++;
                if (look.client != null) {
                    perClient.merge(look.client, 1, Integer::sum);
                }
                if (look.waiting) {
                    waiting.add(look);
                }
            }
        }
        waiting.sort(Look.closingOrder(now));
        List<Look> left = closeOverClientLimits(waiting, perClient);
        count -= waiting.size() - left.size();
        for (int i = 0; i < left.size() && count > softLimit; i++) {
            close(left.get(i), Reason.CONNECTION_LIMIT);
            count--;
        }
        open = count;
    }

    private Look look(Channel channel, long now) {
        Long seen = channel.attr(FIRST_SEEN).setIfAbsent(now);
        long firstSeen = seen == null ? now : seen;
        boolean served = Boolean.TRUE.equals(channel.attr(SERVED).get());
        ClientConnection connection = channel.attr(ClientConnection.KEY).get();
        InetAddress client = channel.remoteAddress() instanceof InetSocketAddress address ? address.getAddress()
                : null;
        if (connection != null) {
            long waitingSince = connection.waitingSinceNanos();
            return new Look(channel, connection, client, waitingSince != 0, !served,
                    served ? waitingSince : firstSeen);
        }
        if (!served && ClientConnection.installable(channel)) {
            // an HTTP/1 connection that has not had its first request passed on yet gets watched from now
            channel.eventLoop().execute(() -> ClientConnection.install(channel, false));
        }
        // without a ClientConnection: before the first request, or an HTTP/2 connection (which has its streams)
        return new Look(channel, null, client, !served, !served, firstSeen);
    }

    private boolean timedOut(Look look, long now) {
        long headSince = look.firstRequest ? look.sinceNanos
                : look.connection == null ? 0 : look.connection.headStartedNanos();
        return headSince != 0 && now - headSince >= headTimeoutNanos;
    }

    private static boolean slowReader(Look look, long now) {
        long since = look.connection == null ? 0 : look.connection.unwritableSinceNanos();
        return since != 0 && now - since >= SLOW_READER_NANOS;
    }

    /** @return the waiting connections left open, in the same order */
    private List<Look> closeOverClientLimits(List<Look> waiting, Map<InetAddress, Integer> perClient) {
        if (perClient.values().stream().noneMatch(connections -> connections > perClientLimit)) {
            return waiting;
        }
        List<Look> left = new ArrayList<>(waiting.size());
        for (Look look : waiting) {
            Integer connections = look.client == null ? null : perClient.get(look.client);
            if (connections != null && connections > perClientLimit) {
                close(look, Reason.CLIENT_LIMIT);
                perClient.put(look.client, connections - 1);
            } else {
                left.add(look);
            }
        }
        return left;
    }

    private void close(Look look, Reason reason) {
        closed.get(reason).increment();
        Channel channel = look.channel;
        ClientConnection connection = look.connection;
        if (reason == Reason.HEAD_TIMEOUT && connection != null && connection.headStartedNanos() != 0) {
            channel.eventLoop().execute(() -> {
                var context = connection.context(channel);
                if (context != null) {
                    connection.headTimedOut(context, headTimeoutSeconds);
                } else {
                    channel.close();
                }
            });
        } else {
            channel.close();
        }
    }
}
