package io.breakwater.breaker;

import java.time.Instant;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;

/**
 * Reads a {@link BreakerReport} from what the gateway already holds in memory; never waits on Redis or a backend.
 */
@Singleton
public class BreakerReports {

    private final BreakerMonitor monitor;
    private final CallCounts counts;
    private final BreakerHolds holds;
    private final BreakerOverrides overrides;

    BreakerReports(BreakerMonitor monitor, CallCounts counts, BreakerHolds holds, BreakerOverrides overrides) {
        this.monitor = monitor;
        this.counts = counts;
        this.holds = holds;
        this.overrides = overrides;
    }

    public BreakerReport of(Backend backend, Instant now) {
        String name = backend.breakerName();
        BreakerStatus status = monitor.status(name);
        Long retryAfter = status.state() == BreakerState.OPEN ? monitor.retryAfterSeconds(backend) : null;
        BreakerReport.Hold held = holds.active(name).map(hold -> new BreakerReport.Hold(hold.until(), hold.source(),
                hold.reason(), RetryAfter.seconds(now, hold.until()))).orElse(null);
        BreakerReport.Override override = overrides.active(name).map(active -> new BreakerReport.Override(
                active.action().label(), active.until(), active.by(), active.reason())).orElse(null);
        return new BreakerReport(name, "/api/" + backend.route(), status, retryAfter, counts.counts(name),
                backend.config().failMax(), backend.config().resetTimeout(), held, override);
    }
}
