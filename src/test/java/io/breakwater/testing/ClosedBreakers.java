package io.breakwater.testing;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerMonitor;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Every {@code @QuarkusTest} method starts with every breaker closed, whatever the tests before it did, since the
 * test classes share one running gateway.
 */
public class ClosedBreakers implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        BreakerMonitor monitor = Arc.container().instance(BreakerMonitor.class).get();
        for (Backend backend : Arc.container().instance(Backends.class).get().all()) {
            monitor.reset(backend.breakerName());
        }
    }
}
