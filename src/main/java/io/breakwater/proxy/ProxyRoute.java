package io.breakwater.proxy;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerGate;
import io.breakwater.fallback.StaleCache;
import io.breakwater.http.GatewayError;
import io.breakwater.tracing.CallTracing;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code ANY /api/{backend}/{path...}}: finds the backend by its route key and sends the request through that
 * backend's bulkhead and circuit breaker ({@link BreakerGate}, then {@link Backend#call}) as a {@link ProxiedCall},
 * which streams the bodies both ways and answers the client; what the gate refuses is answered by
 * {@link FailureResponses}.
 * <p>
 * A Vert.x route rather than a JAX-RS resource: it is on every request's path, and bodies stream between the client's
 * connection and the backend's without a layer in between.
 */
@Singleton
class ProxyRoute {

    private static final String PREFIX = "/api/";
    private static final Set<String> PROXIED = Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
    private static final String ALLOW = "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE";
    private static final Set<HttpMethod> WITHOUT_BODY = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Backends backends;
    private final BreakerGate gate;
    private final CallTracing tracing;
    private final ProxiedCall.Tools tools;

    ProxyRoute(Backends backends, BreakerGate gate, CallTracing tracing, Vertx vertx, StaleCache staleCache,
            FailureResponses failures, Refusals refusals,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.backends = backends;
        this.gate = gate;
        this.tracing = tracing;
        this.tools = new ProxiedCall.Tools(vertx, staleCache, failures, refusals,
                maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE));
    }

    void register(@Observes Router router) {
        router.route(PREFIX + "*").handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        String method = request.method().name();
        if (!PROXIED.contains(method)) {
            response.putHeader(HttpHeaders.ALLOW, ALLOW);
            new GatewayError(405, "Method Not Allowed", null, "this method is not proxied", null).send(response);
            return;
        }
        String path = request.path();
        int keyEnd = path.indexOf('/', PREFIX.length());
        String route = path.substring(PREFIX.length(), keyEnd < 0 ? path.length() : keyEnd);
        Backend backend = backends.byRoute(route);
        if (backend == null) {
            GatewayError.unknownBackend(route).send(response);
            return;
        }
        ProxiedCall call = new ProxiedCall(tools, backend, request,
                OutgoingRequest.of(request, RequestTarget.below(route, request)),
                tracing.start(context, backend), bodyLength(request));
        call.begin();
        gate.call(backend, call).onSuccess(call::settled);
    }

    /**
     * @return the body's declared length, {@link ProxiedCall#CHUNKED} or {@link ProxiedCall#NO_BODY}; the framing
     *         was checked by {@link RequestFraming} and Netty's parser
     */
    private static long bodyLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared = Long.parseLong(length.trim());
            return declared == 0 ? ProxiedCall.NO_BODY : declared;
        }
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return ProxiedCall.CHUNKED;
        }
        // HTTP/2 frames a body without either header; GET, HEAD and OPTIONS are sent on without one, so that a
        // backend never sees a chunked GET
        return request.version() == HttpVersion.HTTP_2 && !request.isEnded() && !WITHOUT_BODY.contains(request.method())
                ? ProxiedCall.CHUNKED
                : ProxiedCall.NO_BODY;
    }
}
