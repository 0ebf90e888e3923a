package io.breakwater.breaker;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.BackendResponse;
import io.smallrye.mutiny.Uni;

/**
 * The way into a backend: through its circuit breaker, unless a {@link BreakerHold} refuses the call first, or an
 * operator's force-close lets it around the breaker.
 */
@Singleton
public class BreakerGate {

    private final BreakerHolds holds;
    private final BreakerOverrides overrides;

    BreakerGate(BreakerHolds holds, BreakerOverrides overrides) {
        this.holds = holds;
        this.overrides = overrides;
    }

    public Uni<BackendResponse> call(Backend backend, BackendRequest request) {
        String name = backend.breakerName();
        if (overrides.active(name).filter(override -> override.action() == OverrideAction.FORCE_CLOSE).isPresent()) {
            return aroundTheBreaker(backend, request);
        }
        return holds.active(name)
                .map(hold -> Uni.createFrom().<BackendResponse> failure(new BreakerHeldOpenException(hold)))
                .orElseGet(() -> backend.call(request));
    }

    /** The call as the breaker would make it, with the same timeout, but without counting its outcome. */
    private static Uni<BackendResponse> aroundTheBreaker(Backend backend, BackendRequest request) {
        return backend.client().exchange(request)
                .ifNoItem().after(Duration.ofSeconds(backend.config().timeout())).failWith(TimeoutException::new);
    }
}
