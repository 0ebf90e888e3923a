package io.breakwater.breaker;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendCall;
import io.breakwater.backend.Backends;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The way into a backend: through the backend's bulkhead, then its circuit breaker, unless a {@link BreakerHold}
 * refuses the call first or an operator's force-close lets it around the breaker.
 * <p>
 * The bulkhead (at most {@code max-concurrent} calls in flight, {@code max-waiting} more queued, the rest refused
 * with a {@code BulkheadException}) stands outside the breaker, so that shedding load neither opens nor closes it.
 * A call that is over by the time the bulkhead lets it through (it waited past its deadline and was answered 504,
 * or its client left) is dropped there, also outside the breaker.
 */
@Singleton
public class BreakerGate {

    private static final TypeLiteral<Uni<Void>> CALL = new TypeLiteral<>() {
    };

    private final BreakerHolds holds;
    private final BreakerOverrides overrides;
    private final Map<String, TypedGuard<Uni<Void>>> bulkheads = new HashMap<>();

    BreakerGate(Backends backends, BreakerHolds holds, BreakerOverrides overrides) {
        this.holds = holds;
        this.overrides = overrides;
        for (Backend backend : backends.all()) {
            bulkheads.put(backend.breakerName(), TypedGuard.create(CALL)
                    .withDescription(backend.breakerName() + " bulkhead")
                    .withBulkhead().limit(backend.config().maxConcurrent()).queueSize(backend.config().maxWaiting())
                    .done()
                    .withThreadOffload(false)
                    .build());
        }
    }

    public Uni<Void> call(Backend backend, BackendCall call) {
        String name = backend.breakerName();
        return bulkheads.get(name).get(() -> {
            if (call.isOver()) {
                return Uni.createFrom().voidItem();
            }
            if (overrides.active(name).filter(override -> override.action() == OverrideAction.FORCE_CLOSE)
                    .isPresent()) {
                return call.send(backend.client());
            }
            return holds.active(name)
                    .map(hold -> Uni.createFrom().<Void> failure(new BreakerHeldOpenException(hold)))
                    .orElseGet(() -> backend.call(call));
        });
    }
}
