package io.breakwater.proxy;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerGate;
import io.breakwater.breaker.CallOutcome;
import io.breakwater.breaker.CallRecorder;
import io.breakwater.fallback.StaleCache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code ANY /api/{backend}/{path...}}: finds the backend by its route key and sends the request through that
 * backend's circuit breaker ({@link BreakerGate}, then {@link Backend#call}); whatever goes wrong is answered by
 * {@link FailureResponses}.
 */
@Path("/api")
public class ProxyResource {

    private static final String ROUTE = "{backend}{path:(/.*)?}";

    private final Backends backends;
    private final BreakerGate gate;
    private final StaleCache staleCache;
    private final CallRecorder calls;
    private final FailureResponses failures;

    ProxyResource(Backends backends, BreakerGate gate, StaleCache staleCache, CallRecorder calls,
            FailureResponses failures) {
        this.backends = backends;
        this.gate = gate;
        this.staleCache = staleCache;
        this.calls = calls;
        this.failures = failures;
    }

    @GET
    @Path(ROUTE)
    public Uni<Response> get(@RestPath String backend, @Context HttpServerRequest request) {
        return forward(backend, request, null);
    }

    @HEAD
    @Path(ROUTE)
    public Uni<Response> head(@RestPath String backend, @Context HttpServerRequest request) {
        return forward(backend, request, null);
    }

    @OPTIONS
    @Path(ROUTE)
    public Uni<Response> options(@RestPath String backend, @Context HttpServerRequest request) {
        return forward(backend, request, null);
    }

    @DELETE
    @Path(ROUTE)
    public Uni<Response> delete(@RestPath String backend, @Context HttpServerRequest request, byte[] body) {
        return forward(backend, request, body);
    }

    @POST
    @Path(ROUTE)
    public Uni<Response> post(@RestPath String backend, @Context HttpServerRequest request, byte[] body) {
        return forward(backend, request, body);
    }

    @PUT
    @Path(ROUTE)
    public Uni<Response> put(@RestPath String backend, @Context HttpServerRequest request, byte[] body) {
        return forward(backend, request, body);
    }

    @PATCH
    @Path(ROUTE)
    public Uni<Response> patch(@RestPath String backend, @Context HttpServerRequest request, byte[] body) {
        return forward(backend, request, body);
    }

    private Uni<Response> forward(String route, HttpServerRequest request, byte[] body) {
        Backend backend = backends.byRoute(route);
        String pathAndQuery = backend == null ? null : RequestTarget.below(route, request);
        if (pathAndQuery == null) {
            return Uni.createFrom().item(GatewayError.unknownBackend(route).toResponse());
        }
        BackendRequest outgoing = OutgoingRequest.of(backends.address(backend), request, pathAndQuery, body);
        long started = System.nanoTime();
        return gate.call(backend, outgoing)
                .map(answer -> {
                    calls.record(backend, CallOutcome.SUCCESS, started);
                    staleCache.remember(outgoing, answer);
                    return ClientResponses.of(outgoing.method(), answer);
                })
                .onFailure().recoverWithItem(failure -> failures.answer(backend, outgoing, failure, started));
    }
}
