package io.breakwater.frontdoor;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ServerID;

/**
 * Every connection the gateway's HTTP servers have accepted and not yet closed, from the moment it is accepted.
 * <p>
 * Neither Quarkus nor Vert.x lets an application see a connection before its first request: Quarkus keeps the HTTP
 * server's connection handler to itself, and with cleartext HTTP/2 on, Vert.x creates its connection object only once
 * a first request's head is complete. A connection that never completes one (a slow or silent client) would be out
 * of every limit. Vert.x does keep each server's accepted channels in a Netty {@link ChannelGroup}, to close them
 * when the server stops; this reads that group, by reflection since Vert.x keeps it private.
 */
// The two fields are looked up by name at run time, so the native executable must know them.
@RegisterForReflection(classNames = { "io.vertx.core.net.impl.TCPServerBase",
        "io.vertx.core.net.impl.ServerChannelLoadBalancer" })
final class ServerChannels {

    private static final Field BALANCER = field("io.vertx.core.net.impl.TCPServerBase", "channelBalancer");
    private static final Field GROUP = field("io.vertx.core.net.impl.ServerChannelLoadBalancer", "channelGroup");

    private ServerChannels() {
    }

    /**
     * @return the open connections of every HTTP server {@code vertx} runs
     */
    static List<Channel> of(Vertx vertx) {
        Map<ServerID, HttpServerImpl> servers = ((VertxInternal) vertx).sharedHttpServers();
        List<Channel> channels = new ArrayList<>();
        synchronized (servers) {
            for (HttpServerImpl server : servers.values()) {
                ChannelGroup group = group(server);
                if (group != null) {
                    channels.addAll(group);
                }
            }
        }
        return channels;
    }

    private static ChannelGroup group(HttpServerImpl server) {
        try {
            Object balancer = BALANCER.get(server);
            return balancer == null ? null : (ChannelGroup) GROUP.get(balancer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the connections of Vert.x's HTTP server", e);
        }
    }

    private static Field field(String className, String name) {
        try {
            Field field = Class.forName(className).getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this version of Vert.x keeps its server's connections elsewhere ("
                    + className + "." + name + "); the front door cannot watch connections", e);
        }
    }
}
