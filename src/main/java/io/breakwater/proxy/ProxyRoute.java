package io.breakwater.proxy;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerGate;
import io.breakwater.breaker.CallOutcome;
import io.breakwater.breaker.CallRecorder;
import io.breakwater.fallback.StaleCache;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code ANY /api/{backend}/{path...}}: finds the backend by its route key, reads the body (within
 * {@code quarkus.http.limits.max-body-size}), and sends the request through that backend's circuit breaker
 * ({@link BreakerGate}, then {@link Backend#call}); whatever goes wrong is answered by {@link FailureResponses}.
 * <p>
 * A Vert.x route rather than a JAX-RS resource: it is on every request's path, and copying headers and bodies
 * straight between Vert.x and the backend's client leaves out a layer of work per request.
 */
@Singleton
class ProxyRoute {

    private static final String PREFIX = "/api/";
    private static final Set<String> PROXIED = Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> WITHOUT_BODY = Set.of("GET", "HEAD", "OPTIONS");
    private static final String ALLOW = "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE";

    private final Backends backends;
    private final BreakerGate gate;
    private final StaleCache staleCache;
    private final CallRecorder calls;
    private final FailureResponses failures;
    private final long maxBodyBytes;

    ProxyRoute(Backends backends, BreakerGate gate, StaleCache staleCache, CallRecorder calls,
            FailureResponses failures,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.backends = backends;
        this.gate = gate;
        this.staleCache = staleCache;
        this.calls = calls;
        this.failures = failures;
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
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
        String pathAndQuery = RequestTarget.below(route, request);
        if (WITHOUT_BODY.contains(method)) {
            forward(backend, request, response, pathAndQuery, null);
        } else {
            readBody(request, response, body -> forward(backend, request, response, pathAndQuery, body));
        }
    }

    private void forward(Backend backend, HttpServerRequest request, HttpServerResponse response,
            String pathAndQuery, byte[] body) {
        BackendRequest outgoing = OutgoingRequest.of(backends.address(backend), request, pathAndQuery, body);
        long started = System.nanoTime();
        gate.call(backend, outgoing).subscribe().with(answer -> {
            calls.record(backend, CallOutcome.SUCCESS, started);
            staleCache.remember(outgoing, answer);
            ClientResponses.send(response, outgoing.method(), answer);
        }, failure -> failures.answer(response, backend, outgoing, failure, started));
    }

    /**
     * Reads the whole body, then hands it on; past the size limit answers 413 and closes the connection instead.
     * {@link BodyLimit} has already refused bodies that declare a length over the limit.
     */
    private void readBody(HttpServerRequest request, HttpServerResponse response, BodyConsumer then) {
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = { false };
        request.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            body.appendBuffer(chunk);
            if (body.length() > maxBodyBytes) {
                tooLarge[0] = true;
                response.putHeader(HttpHeaders.CONNECTION, "close")
                        .endHandler(ignored -> request.connection().close());
                GatewayError.payloadTooLarge(maxBodyBytes).send(response);
            }
        });
        request.endHandler(ignored -> {
            if (!tooLarge[0]) {
                then.accept(body.getBytes());
            }
        });
        request.resume();
    }

    @FunctionalInterface
    private interface BodyConsumer {
        void accept(byte[] body);
    }
}
