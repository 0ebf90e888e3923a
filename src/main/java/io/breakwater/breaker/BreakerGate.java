package io.breakwater.breaker;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.BackendResponse;
import io.smallrye.mutiny.Uni;

/**
 * The way into a backend: through its circuit breaker, unless a {@link BreakerHold} refuses the call first.
 */
@Singleton
public class BreakerGate {

    private final BreakerHolds holds;

    BreakerGate(BreakerHolds holds) {
        this.holds = holds;
    }

    public Uni<BackendResponse> call(Backend backend, BackendRequest request) {
        return holds.active(backend.breakerName())
                .map(hold -> Uni.createFrom().<BackendResponse> failure(new BreakerHeldOpenException(hold)))
                .orElseGet(() -> backend.call(request));
    }
}
