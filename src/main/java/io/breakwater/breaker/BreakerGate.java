package io.breakwater.breaker;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.BackendResponse;
import io.breakwater.backend.Backends;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The way into a backend: through the backend's bulkhead, then its circuit breaker, unless a {@link BreakerHold}
 * refuses the call first or an operator's force-close lets it around the breaker.
 * <p>
 * The bulkhead (at most {@code max-concurrent} calls in flight, {@code max-waiting} more queued, the rest refused
 * with a {@code BulkheadException}) stands outside the breaker, so that shedding load neither opens nor closes it.
 */
@Singleton
public class BreakerGate {

    private static final TypeLiteral<Uni<BackendResponse>> ANSWER = new TypeLiteral<>() {
    };

    private final BreakerHolds holds;
    private final BreakerOverrides overrides;
    private final Map<String, TypedGuard<Uni<BackendResponse>>> bulkheads = new HashMap<>();

    BreakerGate(Backends backends, BreakerHolds holds, BreakerOverrides overrides) {
        this.holds = holds;
        this.overrides = overrides;
        for (Backend backend : backends.all()) {
            bulkheads.put(backend.breakerName(), TypedGuard.create(ANSWER)
                    .withDescription(backend.breakerName() + " bulkhead")
                    .withBulkhead().limit(backend.config().maxConcurrent()).queueSize(backend.config().maxWaiting())
                    .done()
                    .withThreadOffload(false)
                    .build());
        }
    }

    public Uni<BackendResponse> call(Backend backend, BackendRequest request) {
        String name = backend.breakerName();
        return bulkheads.get(name).get(() -> {
            if (overrides.active(name).filter(override -> override.action() == OverrideAction.FORCE_CLOSE)
                    .isPresent()) {
                return aroundTheBreaker(backend, request);
            }
            return holds.active(name)
                    .map(hold -> Uni.createFrom().<BackendResponse> failure(new BreakerHeldOpenException(hold)))
                    .orElseGet(() -> backend.call(request));
        });
    }

    /** The call as the breaker would make it, with the same timeout, but without counting its outcome. */
    private static Uni<BackendResponse> aroundTheBreaker(Backend backend, BackendRequest request) {
        return backend.client().exchange(request)
                .ifNoItem().after(Duration.ofSeconds(backend.config().timeout())).failWith(TimeoutException::new);
    }
}
