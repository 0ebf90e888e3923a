package io.breakwater.tracing;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.breakwater.backend.Backend;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.ext.web.RoutingContext;

/**
 * Where each proxied call's {@link CallTrace} starts: under the request's {@link ServerSpan}, with the tracer and the
 * propagators Quarkus configured ({@code quarkus.otel.*}).
 */
@Singleton
public class CallTracing {

    private static final String INSTRUMENTATION_SCOPE = "io.breakwater";

    private final boolean enabled;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final BreakerMonitor monitor;
    private final boolean accessLog;

    CallTracing(OpenTelemetry openTelemetry, BreakerMonitor monitor, AccessLogConfig accessLog,
            @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean disabled) {
        // Quarkus builds the SDK even when it is disabled, and leaves its own instrumentation off: so does the gateway
        this.enabled = !disabled;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.propagator = enabled ? openTelemetry.getPropagators().getTextMapPropagator() : TextMapPropagator.noop();
        this.monitor = monitor;
        this.accessLog = accessLog.enabled();
    }

    /**
     * Starts the request's server span; called on the request's own Vert.x context, as the call begins.
     */
    public CallTrace start(RoutingContext routing, Backend backend) {
        // with tracing off, the caller's trace context goes on untouched among the headers
        Context server = enabled ? ServerSpan.start(this, routing.request(), backend.route()) : Context.root();
        CallTrace trace = new CallTrace(this, server, backend.breakerName(), accessLog ? routing : null);
        if (Span.fromContext(server).isRecording()) {
            ServerSpan.endWhenDone(server, routing, trace::unanswered);
        }
        return trace;
    }

    Tracer tracer() {
        return tracer;
    }

    TextMapPropagator propagator() {
        return propagator;
    }

    BreakerState stateOf(String breaker) {
        return monitor.status(breaker).state();
    }
}
