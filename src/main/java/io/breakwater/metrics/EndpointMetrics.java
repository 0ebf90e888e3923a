package io.breakwater.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.endpoint.Endpoint;
import io.breakwater.endpoint.EndpointEvent;
import io.breakwater.retry.RetryPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Each backend's endpoints and retries as Prometheus sees them: {@code backend_endpoint_ejected} (1 while ejected),
 * {@code backend_endpoint_calls_total} by {@code outcome} ({@code success}, {@code failure}), labelled with the
 * {@code service} and the {@code endpoint} ({@code host:port}), and {@code backend_retries_total} by {@code result}
 * ({@code retried}, {@code budget_exhausted}). An endpoint's meters come as discovery finds it and go when it loses
 * it.
 */
@Singleton
@Startup
class EndpointMetrics {

    private final GatewayMeters meters;
    private final MeterRegistry registry;
    private final Map<Endpoint, List<Meter>> byEndpoint = new ConcurrentHashMap<>();

    EndpointMetrics(GatewayMeters meters, Backends backends) {
        this.meters = meters;
        this.registry = meters.registry();
        for (Backend backend : backends.all()) {
            backend.client().endpoints().all().forEach(this::register);
            RetryPolicy retries = backend.retries();
            retries(backend, "retried", retries, RetryPolicy::retried);
            retries(backend, "budget_exhausted", retries, RetryPolicy::overBudget);
        }
    }

    private void retries(Backend backend, String result, RetryPolicy retries,
            ToDoubleFunction<RetryPolicy> count) {
        meters.owned(FunctionCounter.builder("backend.retries", retries, count)
                .description("Calls tried again on another endpoint, and retries the budget did not allow")
                .tag("service", backend.breakerName())
                .tag("result", result)
                .register(registry));
    }

    void onEndpoint(@Observes EndpointEvent event) {
        switch (event.kind()) {
            case APPEARED -> register(event.endpoint());
            case DISAPPEARED -> {
                List<Meter> gone = byEndpoint.remove(event.endpoint());
                if (gone != null) {
                    gone.forEach(registry::remove);
                }
            }
            default -> {
            }
        }
    }

    private void register(Endpoint endpoint) {
        byEndpoint.computeIfAbsent(endpoint, ignored -> List.of(
                meters.owned(Gauge.builder("backend.endpoint.ejected", endpoint, e -> e.ejected() ? 1 : 0)
                        .description("1 while the endpoint is ejected for failing in a row, else 0")
                        .tag("service", endpoint.service())
                        .tag("endpoint", endpoint.label())
                        .register(registry)),
                calls(endpoint, "success", e -> e.calls() - e.failures()),
                calls(endpoint, "failure", Endpoint::failures)));
    }

    private Meter calls(Endpoint endpoint, String outcome, ToDoubleFunction<Endpoint> count) {
        return meters.owned(FunctionCounter.builder("backend.endpoint.calls", endpoint, count)
                .description("Attempts sent to the endpoint, by how they ended for it")
                .tag("service", endpoint.service())
                .tag("endpoint", endpoint.label())
                .tag("outcome", outcome)
                .register(registry));
    }
}
