package io.breakwater.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A gateway started again in the same JVM reads its own beans, not those of the one that stopped. */
class GatewayMetersTest {

    @Test
    void aRestartedApplicationsMetersReadItsOwnState() {
        CompositeMeterRegistry global = new CompositeMeterRegistry();
        global.add(new SimpleMeterRegistry());

        GatewayMeters first = new GatewayMeters(global);
        AtomicInteger firstState = new AtomicInteger(1);
        first.owned(Gauge.builder("circuit.breaker.state", firstState, AtomicInteger::get).register(global));
        first.removeAll();
        assertTrue(global.getMeters().isEmpty(), "the stopped application's meters are gone: " + global.getMeters());

        GatewayMeters second = new GatewayMeters(global);
        AtomicInteger secondState = new AtomicInteger(0);
        second.owned(Gauge.builder("circuit.breaker.state", secondState, AtomicInteger::get).register(global));
        assertEquals(0.0, global.get("circuit.breaker.state").gauge().value());
    }
}
