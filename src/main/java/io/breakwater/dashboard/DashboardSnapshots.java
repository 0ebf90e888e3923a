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
import io.breakwater.breaker.BreakerReport;
import io.breakwater.breaker.BreakerReports;
import io.breakwater.breaker.BreakerStatus;
import io.breakwater.events.ClusterView;
import io.breakwater.events.InstanceId;

/**
 * Takes {@link DashboardSnapshot}s from what the gateway already knows; reads nothing that could make it wait.
 * Breakers come in the order of their names, so that tiles keep their places.
 */
@Singleton
public class DashboardSnapshots {

    private final Backends backends;
    private final BreakerReports reports;
    private final ClusterView cluster;
    private final CallRateHistory rates;
    private final RecentTransitions transitions;
    private final InstanceId instance;
    private final Clock clock;
    private final boolean adminEnabled;

    DashboardSnapshots(Backends backends, BreakerReports reports, ClusterView cluster, CallRateHistory rates,
            RecentTransitions transitions, InstanceId instance, Clock clock, AdminConfig admin) {
        this.backends = backends;
        this.reports = reports;
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
        BreakerReport report = reports.of(backend, now);
        BreakerStatus status = report.status();
        return new DashboardSnapshot.Tile(report.name(), report.route(), status.state().label(), status.since(),
                report.retryAfter(), report.calls().consecutiveFailures(), report.failMax(), report.resetTimeout(),
                report.held(), report.override(), new DashboardSnapshot.Calls(report.calls().successes(),
                        report.calls().failures(), report.calls().rejected()),
                rates.series(report.name()), replicas(report.name(), status, now));
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
