package io.breakwater.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Singleton;

import io.breakwater.admin.AdminConfig;
import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerHolds;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerOverrides;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.BreakerStatus;
import io.breakwater.breaker.CallCounts;
import io.breakwater.breaker.RetryAfter;
import io.breakwater.events.ClusterView;
import io.breakwater.events.InstanceId;

/**
 * Takes {@link DashboardSnapshot}s from what the gateway already knows; reads nothing that could make it wait.
 * Breakers come in the order of their names, so that tiles keep their places.
 */
@Singleton
public class DashboardSnapshots {

    private final Backends backends;
    private final BreakerMonitor monitor;
    private final CallCounts counts;
    private final BreakerHolds holds;
    private final BreakerOverrides overrides;
    private final ClusterView cluster;
    private final CallRateHistory rates;
    private final RecentTransitions transitions;
    private final InstanceId instance;
    private final Clock clock;
    private final boolean adminEnabled;

    DashboardSnapshots(Backends backends, BreakerMonitor monitor, CallCounts counts, BreakerHolds holds,
            BreakerOverrides overrides, ClusterView cluster, CallRateHistory rates, RecentTransitions transitions,
            InstanceId instance, Clock clock, AdminConfig admin) {
        this.backends = backends;
        this.monitor = monitor;
        this.counts = counts;
        this.holds = holds;
        this.overrides = overrides;
        this.cluster = cluster;
        this.rates = rates;
        this.transitions = transitions;
        this.instance = instance;
        this.clock = clock;
        this.adminEnabled = admin.enabled();
    }

    public DashboardSnapshot take() {
        Instant now = clock.instant();
        List<DashboardSnapshot.Tile> tiles = new ArrayList<>();
        for (Backend backend : backends.all()) {
            tiles.add(tile(backend, now));
        }
        tiles.sort(Comparator.comparing(DashboardSnapshot.Tile::name));
        return new DashboardSnapshot(now, instance.value(), adminEnabled, tiles, transitions.current());
    }

    private DashboardSnapshot.Tile tile(Backend backend, Instant now) {
        String name = backend.breakerName();
        BreakerStatus status = monitor.status(name);
        CallCounts.Counts calls = counts.counts(name);
        Long retryAfter = status.state() == BreakerState.OPEN ? monitor.retryAfterSeconds(backend) : null;
        DashboardSnapshot.Hold held = holds.active(name).map(hold -> new DashboardSnapshot.Hold(hold.until(),
                hold.source(), hold.reason(), RetryAfter.seconds(now, hold.until()))).orElse(null);
        DashboardSnapshot.Override override = overrides.active(name).map(active -> new DashboardSnapshot.Override(
                active.action().label(), active.until(), active.by(), active.reason())).orElse(null);
        return new DashboardSnapshot.Tile(name, "/api/" + backend.route(), status.state().label(), status.since(),
                retryAfter, calls.consecutiveFailures(), backend.config().failMax(), backend.config().resetTimeout(),
                held, override, new DashboardSnapshot.Calls(calls.successes(), calls.failures(), calls.rejected()),
                rates.series(name), replicas(name, status, now));
    }

    /**
     * Every replica the cluster view knows, with this one's entry as it is now rather than as last written to Redis;
     * this one is listed even when Redis is down.
     */
    private List<DashboardSnapshot.Replica> replicas(String name, BreakerStatus own, Instant now) {
        List<DashboardSnapshot.Replica> replicas = new ArrayList<>();
        replicas.add(new DashboardSnapshot.Replica(instance.value(), own.state().label(), own.since(), now, true));
        cluster.replicas(name).forEach((replica, state) -> {
            if (!replica.equals(instance.value())) {
                replicas.add(new DashboardSnapshot.Replica(replica, state.state(), state.since(), state.updatedAt(),
                        false));
            }
        });
        return replicas;
    }
}
