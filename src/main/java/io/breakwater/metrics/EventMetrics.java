package io.breakwater.metrics;

import jakarta.inject.Singleton;

import io.breakwater.events.RedisEventForwarder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * How breaker events fare on their way to Redis: {@code circuit_breaker_events_sent_total},
 * {@code circuit_breaker_events_dropped_total} and {@code circuit_breaker_events_buffered}.
 */
@Singleton
@Startup
class EventMetrics {

    EventMetrics(GatewayMeters meters, RedisEventForwarder forwarder) {
        MeterRegistry registry = meters.registry();
        meters.owned(FunctionCounter.builder("circuit.breaker.events.sent", forwarder, RedisEventForwarder::sent)
                .description("Breaker events written to Redis")
                .register(registry));
        meters.owned(FunctionCounter.builder("circuit.breaker.events.dropped", forwarder, RedisEventForwarder::dropped)
                .description("Breaker events lost because the buffer was full while Redis could not be reached")
                .register(registry));
        meters.owned(Gauge.builder("circuit.breaker.events.buffered", forwarder, RedisEventForwarder::buffered)
                .description("Breaker events waiting for Redis")
                .register(registry));
    }
}
