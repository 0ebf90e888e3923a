package io.breakwater.frontdoor;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.breakwater.http.GatewayError;
import io.breakwater.overload.MemoryPressure;
import io.netty.channel.Channel;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * The first thing every request meets: marks its connection as one that has made a request (for
 * {@link ConnectionSweep}), puts a {@link ClientConnection} on an HTTP/1 connection that has none yet, and, while the
 * gateway sheds load, answers 503 and closes the connection. The liveness probe and the metrics scrape are still
 * answered then, so that the kubelet does not restart a gateway that is protecting itself and the shedding can be
 * seen; readiness is refused with the rest, so that the Service sends this replica's traffic to the others.
 */
@Singleton
class RequestAdmission {

    /** Higher runs earlier; ahead of every other filter. */
    private static final int PRIORITY = 2000;
    private static final Set<String> ANSWERED_WHILE_SHEDDING = Set.of("/q/health/live", "/metrics", "/q/metrics");

    private final MemoryPressure pressure;

    RequestAdmission(MemoryPressure pressure) {
        this.pressure = pressure;
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, PRIORITY);
    }

    private void admit(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpConnection connection = request.connection();
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            if (channel.attr(ConnectionSweep.SERVED).get() == null) {
                channel.attr(ConnectionSweep.SERVED).set(Boolean.TRUE);
                if (request.version() != HttpVersion.HTTP_2) {
                    ClientConnection.install(channel, true);
                }
            }
        }
        if (pressure.shedding() && !ANSWERED_WHILE_SHEDDING.contains(request.path())) {
            pressure.refusedRequest();
            HttpServerResponse response = context.response();
            if (connection != null && request.version() != HttpVersion.HTTP_2) {
                response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                        .endHandler(ignored -> connection.close());
            }
            GatewayError.shedding().send(response);
            return;
        }
        context.next();
    }
}
