package io.breakwater.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.inject.Singleton;

import io.breakwater.AdminConfig;
import io.breakwater.breaker.BreakerReport;
import io.breakwater.breaker.BreakerReports;
import io.breakwater.events.ClusterView;
import io.breakwater.events.InstanceId;
import io.breakwater.events.ReplicaState;

/**
 * Takes {@link DashboardSnapshot}s from what the gateway already knows; reads nothing that could make it wait.
 * Breakers come in the order of their names, so that tiles keep their places.
 */
@Singleton
public class DashboardSnapshots {

    private final BreakerReports reports;
    private final ClusterView cluster;
    private final CallRateHistory rates;
    private final RecentTransitions transitions;
    private final InstanceId instance;
    private final Clock clock;
    private final boolean adminEnabled;

    DashboardSnapshots(BreakerReports reports, ClusterView cluster, CallRateHistory rates,
            RecentTransitions transitions, InstanceId instance, Clock clock, AdminConfig admin) {
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
        List<DashboardSnapshot.Tile> tiles = new ArrayList<>(
                reports.all(now, report -> tile(report, now)).circuitBreakers().values());
        tiles.sort(Comparator.comparing(DashboardSnapshot.Tile::name));
        return new DashboardSnapshot(now, instance.value(), adminEnabled, tiles, transitions.current());
    }

    private DashboardSnapshot.Tile tile(BreakerReport report, Instant now) {
        return new DashboardSnapshot.Tile(report, rates.series(report.name()), replicas(report, now));
    }

    /**
     * Every replica the cluster view knows, with this one's entry as it is now rather than as last written to Redis;
     * this one is listed even when Redis is down.
     */
    private List<DashboardSnapshot.Replica> replicas(BreakerReport own, Instant now) {
        List<DashboardSnapshot.Replica> replicas = new ArrayList<>();
        replicas.add(new DashboardSnapshot.Replica(instance.value(),
                new ReplicaState(own.state(), own.since(), now), true));
        cluster.replicas(own.name()).forEach((replica, state) -> {
            if (!replica.equals(instance.value())) {
                replicas.add(new DashboardSnapshot.Replica(replica, state, false));
            }
        });
        return replicas;
    }
}
