package io.breakwater.tracing;

import io.breakwater.http.QuarkusRequests;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The server span of a proxied request. The gateway makes it itself, for {@code /api/} only, rather than leaving it
 * to Quarkus' HTTP instrumentation ({@code quarkus.otel.instrument.vertx-http=false}): that one works out every
 * request's semantic convention attributes before the sampler decides, which at a ratio of 0 cost a tenth of the
 * proxy's requests/s (docs/performance.md#tracing-and-the-access-log). This one asks the sampler first, and describes
 * only a request it samples: a request not sampled costs a span and trace id and the {@code traceparent} sent on.
 */
final class ServerSpan {

    private static final TextMapGetter<HttpServerRequest> REQUEST_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String name) {
            return request == null ? null : request.getHeader(name);
        }
    };

    private ServerSpan() {
    }

    /**
     * The context of the request's server span: a child of the caller's span when the request carries a trace context
     * ({@code quarkus.otel.propagators}: W3C trace context and baggage by default), the root of a trace otherwise.
     *
     * @param route the backend's route key, {@code control} of {@code /api/control/...}
     */
    static Context start(CallTracing tracing, HttpServerRequest request, String route) {
        Context parent = tracing.propagator().extract(Context.root(), request, REQUEST_HEADERS);
        String method = request.method().name();
        Span span = tracing.tracer().spanBuilder(method).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
        if (span.isRecording()) {
            describe(span, request, method, route);
        }
        return parent.with(span);
    }

    /**
     * Makes a recorded server span the current one until the request is done, and then ends it.
     *
     * @param unanswered told first if the connection closed before the answer's end, when Quarkus calls the request
     *        done before the call hears of it
     */
    static void endWhenDone(Context context, RoutingContext routing, Runnable unanswered) {
        HttpServerRequest request = routing.request();
        Span span = Span.fromContext(context);
        // current for what the call records on its way (the duration histogram's exemplar, the log's trace id);
        // always a duplicated context here, the request's own, so that no other request sees the span
        Scope scope = VertxContext.isOnDuplicatedContext() ? context.makeCurrent() : Scope.noop();
        // called once the answer is sent, or the connection closed; the response's own end and close handlers are
        // the call's
        Handler<Void> done = ignored -> {
            HttpServerResponse response = request.response();
            if (!response.ended()) {
                unanswered.run();
            }
            end(span, response, scope);
        };
        QuarkusRequestWrapper quarkus = QuarkusRequests.wrapper(request);
        if (quarkus != null) {
            quarkus.addRequestDoneHandler(done);
        } else {
            // no wrapper to say when a connection closed before the answer's end: such a span is never exported
            routing.addBodyEndHandler(done);
        }
    }

    private static void describe(Span span, HttpServerRequest request, String method, String route) {
        String template = "/api/" + route + "/*";
        span.updateName(method + " " + template);
        span.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, method);
        span.setAttribute(HttpAttributes.HTTP_ROUTE, template);
        // the path without its query string, which may carry credentials, as in the access log
        span.setAttribute(UrlAttributes.URL_PATH, request.path());
        span.setAttribute(UrlAttributes.URL_SCHEME, request.scheme());
        span.setAttribute(NetworkAttributes.NETWORK_PROTOCOL_VERSION, protocolVersion(request));
        HostAndPort authority = request.authority();
        if (authority != null) {
            span.setAttribute(ServerAttributes.SERVER_ADDRESS, authority.host());
            if (authority.port() > 0) {
                span.setAttribute(ServerAttributes.SERVER_PORT, (long) authority.port());
            }
        }
        SocketAddress client = request.remoteAddress();
        if (client != null && client.hostAddress() != null) {
            span.setAttribute(ClientAttributes.CLIENT_ADDRESS, client.hostAddress());
        }
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        if (userAgent != null) {
            span.setAttribute(UserAgentAttributes.USER_AGENT_ORIGINAL, userAgent);
        }
    }

    private static String protocolVersion(HttpServerRequest request) {
        return switch (request.version()) {
            case HTTP_1_0 -> "1.0";
            case HTTP_1_1 -> "1.1";
            case HTTP_2 -> "2";
        };
    }

    private static void end(Span span, HttpServerResponse response, Scope scope) {
        int status = response.getStatusCode();
        span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        if (!response.ended()) {
            // the connection closed before the answer's end
            span.setAttribute(ErrorAttributes.ERROR_TYPE, "connection-closed");
            span.setStatus(StatusCode.ERROR);
        } else if (status >= 500) {
            span.setAttribute(ErrorAttributes.ERROR_TYPE, String.valueOf(status));
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
        scope.close();
    }
}
