package io.breakwater.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The registry the gateway's own meters are registered with, and the list of those meters, which are removed when
 * the application stops.
 * <p>
 * The injected registry is Micrometer's global composite, which outlives the application when Quarkus starts it
 * again in the same JVM, as the tests do for each set of settings (Quarkus empties it only on dev mode's live
 * reload). A meter left there would keep reading the stopped application's beans, and registering the same meter
 * again would return that stale one.
 */
@Singleton
class GatewayMeters {

    private final MeterRegistry registry;
    private final Set<Meter> registered = ConcurrentHashMap.newKeySet();

    GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    /** @return the meter, now removed from the registry when the application stops */
    <M extends Meter> M owned(M meter) {
        registered.add(meter);
        return meter;
    }

    @PreDestroy
    void removeAll() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
