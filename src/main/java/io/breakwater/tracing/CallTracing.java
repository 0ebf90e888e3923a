package io.breakwater.tracing;

import jakarta.inject.Singleton;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.ext.web.RoutingContext;

/**
 * Where each proxied call's {@link CallTrace} starts: under the server span Quarkus opened for the request (its
 * OpenTelemetry extension traces every HTTP request the gateway serves), with the propagators Quarkus configured
 * ({@code quarkus.otel.propagators}: W3C trace context and baggage by default).
 */
@Singleton
public class CallTracing {

    private static final String INSTRUMENTATION_SCOPE = "io.breakwater";

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final BreakerMonitor monitor;
    private final boolean accessLog;

    CallTracing(OpenTelemetry openTelemetry, BreakerMonitor monitor, AccessLogConfig accessLog) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.monitor = monitor;
        this.accessLog = accessLog.enabled();
    }

    /**
     * Called on the request's own Vert.x context, where the server span is the current one.
     */
    public CallTrace start(RoutingContext routing, String breaker) {
        return new CallTrace(this, Context.current(), breaker, accessLog ? routing : null);
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
