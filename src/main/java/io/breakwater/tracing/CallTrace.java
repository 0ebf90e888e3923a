package io.breakwater.tracing;

import io.breakwater.backend.BackendClient;
import io.breakwater.backend.BackendRequest;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.FailureReason;
import io.breakwater.endpoint.Endpoint;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * What one proxied call tells its trace and the access log: the breaker, its state when it decided, the endpoint,
 * the retries and the outcome go on the request's server span as {@code breakwater.*} attributes, and each attempt
 * to the backend is a client span of its own ({@link AttemptSpan}), whose context the backend receives in the
 * request's headers. With the access log on, the same facts go into the routing context, where the log's pattern
 * reads them. A trace that is not sampled records nothing, and its context is still passed on.
 * <p>
 * Used on the call's event loop only.
 */
public final class CallTrace {

    static final AttributeKey<String> BREAKER = AttributeKey.stringKey("breakwater.breaker");
    static final AttributeKey<String> BREAKER_STATE = AttributeKey.stringKey("breakwater.breaker.state");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("breakwater.outcome");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("breakwater.reason");
    static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey("breakwater.endpoint");
    static final AttributeKey<Long> RETRIES = AttributeKey.longKey("breakwater.retries");

    /** Names of what the access log's pattern reads from the routing context ({@code %{d,name}}). */
    static final String LOG_BREAKER = "breakwater.breaker";
    static final String LOG_OUTCOME = "breakwater.outcome";
    static final String LOG_ENDPOINT = "breakwater.endpoint";
    static final String LOG_RETRIES = "breakwater.retries";
    static final String LOG_BYTES_IN = "breakwater.bytes-in";
    static final String LOG_TRACE_ID = "breakwater.trace-id";

    private static final TextMapSetter<MultiMap> HEADERS = (headers, name, value) -> {
        if (headers != null) {
            headers.set(name, value);
        }
    };

    private final CallTracing tracing;
    private final Context parent;
    private final Span server;
    private final RoutingContext accessLog;
    private final String breaker;
    private BreakerState state;
    private String endpoint;
    private int retries;
    private boolean ended;

    /**
     * @param parent the context of the request's {@link ServerSpan}
     * @param accessLog where the access log reads the call's facts, or {@code null} when it is off
     */
    CallTrace(CallTracing tracing, Context parent, String breaker, RoutingContext accessLog) {
        this.tracing = tracing;
        this.parent = parent;
        this.server = Span.fromContext(parent);
        this.breaker = breaker;
        this.accessLog = accessLog;
        if (server.isRecording()) {
            server.setAttribute(BREAKER, breaker);
        }
    }

    /** The breaker decided on the call (let it through, or refused it): its state now is the one it decided in. */
    public void breakerDecided() {
        // only spans show the state: a call not sampled, or made with tracing off, does not look it up
        if (server.isRecording()) {
            state = tracing.stateOf(breaker);
            server.setAttribute(BREAKER_STATE, state.label());
        }
    }

    /**
     * Starts the span of an attempt to {@code to}, and puts its context into the request's headers (replacing what
     * the client sent), so that the backend's spans are its children.
     *
     * @param client the client the request goes out on
     */
    public AttemptSpan attempt(Endpoint to, BackendRequest request, BackendClient client) {
        endpoint = to.label();
        if (!server.isRecording()) {
            // a trace not sampled records nothing: the backend gets the server span's context, to carry the trace id
            // and the decision on, without a span made per attempt for nothing
            tracing.propagator().inject(parent, request.headers(), HEADERS);
            return AttemptSpan.NOT_RECORDED;
        }
        server.setAttribute(ENDPOINT, endpoint);
        Span span = tracing.tracer().spanBuilder(request.method().name()).setParent(parent)
                .setSpanKind(SpanKind.CLIENT).startSpan();
        tracing.propagator().inject(parent.with(span), request.headers(), HEADERS);
        span.setAttribute(BREAKER, breaker);
        if (state != null) {
            span.setAttribute(BREAKER_STATE, state.label());
        }
        return AttemptSpan.started(span, to, request, client.url(to, request.pathAndQuery()), retries);
    }

    /** The client's connection closed before the answer's end: unless the call ended otherwise, the client left. */
    void unanswered() {
        if (!ended) {
            ended(ReportedOutcome.ABANDONED, null);
        }
    }

    /** The call goes to another endpoint, after {@code retries} failed attempts. */
    public void retried(int retries) {
        this.retries = retries;
        if (server.isRecording()) {
            server.setAttribute(RETRIES, (long) retries);
        }
    }

    /**
     * How the call ended, as far as is known: a later call, once more is known of how the client was answered,
     * replaces it.
     *
     * @param reason why the backend gave no usable answer, or {@code null}
     */
    public void ended(ReportedOutcome outcome, FailureReason reason) {
        ended = true;
        if (server.isRecording()) {
            server.setAttribute(OUTCOME, outcome.label());
            if (reason != null) {
                server.setAttribute(REASON, reason.label());
            }
        }
        if (accessLog != null) {
            accessLog.put(LOG_BREAKER, breaker);
            accessLog.put(LOG_OUTCOME, outcome.label());
            accessLog.put(LOG_RETRIES, String.valueOf(retries));
            accessLog.put(LOG_BYTES_IN, String.valueOf(accessLog.request().bytesRead()));
            if (endpoint != null) {
                accessLog.put(LOG_ENDPOINT, endpoint);
            }
            if (server.getSpanContext().isValid()) {
                accessLog.put(LOG_TRACE_ID, server.getSpanContext().getTraceId());
            }
        }
    }
}
