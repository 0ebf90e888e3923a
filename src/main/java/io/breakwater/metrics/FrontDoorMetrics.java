package io.breakwater.metrics;

import java.util.Locale;

import jakarta.inject.Singleton;

import io.breakwater.frontdoor.ConnectionSweep;
import io.breakwater.overload.MemoryPressure;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * Client connections and load shedding: {@code gateway_client_connections},
 * {@code gateway_client_connections_closed_total{reason}}, {@code gateway_overloaded} (1 while shedding),
 * {@code gateway_memory_pressure{memory}} (the share the shedding decision reads) and
 * {@code gateway_shed_requests_total}.
 */
@Singleton
@Startup
class FrontDoorMetrics {

    FrontDoorMetrics(GatewayMeters meters, ConnectionSweep sweep, MemoryPressure pressure) {
        MeterRegistry registry = meters.registry();
        meters.owned(Gauge.builder("gateway.client.connections", sweep, ConnectionSweep::open)
                .description("Client connections open")
                .register(registry));
        for (ConnectionSweep.Reason reason : ConnectionSweep.Reason.values()) {
            meters.owned(FunctionCounter.builder("gateway.client.connections.closed", sweep, s -> s.closed(reason))
                    .description("Client connections the gateway closed: a request head that did not arrive in time,"
                            + " room for other clients, one client over its share, load shedding")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        meters.owned(Gauge.builder("gateway.overloaded", pressure, p -> p.shedding() ? 1 : 0)
                .description("1 while the gateway sheds load because memory runs short, else 0")
                .register(registry));
        meters.owned(Gauge.builder("gateway.memory.pressure", pressure, p -> p.current().memory().heapShare())
                .description("Share of the memory in use that load shedding looks at")
                .tag("memory", "heap")
                .register(registry));
        meters.owned(Gauge.builder("gateway.memory.pressure", pressure, p -> p.current().memory().directShare())
                .description("Share of the memory in use that load shedding looks at")
                .tag("memory", "direct")
                .register(registry));
        meters.owned(FunctionCounter.builder("gateway.shed.requests", pressure, MemoryPressure::refusedRequests)
                .description("Requests answered 503 because the gateway was shedding load")
                .register(registry));
    }
}
