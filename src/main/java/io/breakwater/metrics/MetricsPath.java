package io.breakwater.metrics;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Serves the Prometheus scrape at {@code /metrics}, where existing scrape configs and habits look, as well as at
 * Quarkus' own {@code /q/metrics}. A client that does not ask for a format (plain {@code curl}) gets the classic
 * Prometheus text format; Prometheus itself asks for OpenMetrics and gets it, with the exemplars that link a
 * histogram's buckets to traces. So does a client that asks for OpenMetrics without a version, which Quarkus'
 * handler would refuse with a 406.
 */
@Singleton
class MetricsPath {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4";
    private static final String OPENMETRICS = "application/openmetrics-text";
    private static final String OPENMETRICS_1 = OPENMETRICS + "; version=1.0.0; charset=utf-8";

    void route(@Observes Router router) {
        router.get("/metrics").handler(context -> {
            String accept = context.request().getHeader(HttpHeaders.ACCEPT);
            if (accept == null || accept.isBlank() || "*/*".equals(accept.trim())) {
                context.request().headers().set(HttpHeaders.ACCEPT, PROMETHEUS_TEXT);
            } else if (OPENMETRICS.equals(accept.trim())) {
                context.request().headers().set(HttpHeaders.ACCEPT, OPENMETRICS_1);
            }
            context.reroute("/q/metrics");
        });
    }
}
