package io.breakwater.dashboard;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What an open page receives: a snapshot at once, then one every {@code gateway.dashboard.push-interval} and one
 * right after each transition. A page that cannot keep up skips snapshots rather than queueing them.
 * <p>
 * The streams end when the gateway starts shutting down: an open page would otherwise hold the shutdown for its
 * whole timeout, as a request that never finishes. The page reconnects by itself, through the Service to a replica
 * that stays.
 */
@Singleton
public class DashboardStream {

    private final DashboardSnapshots snapshots;
    private final LocalTransitions transitions;
    private final DashboardConfig config;
    private volatile boolean shuttingDown;

    DashboardStream(DashboardSnapshots snapshots, LocalTransitions transitions, DashboardConfig config) {
        this.snapshots = snapshots;
        this.transitions = transitions;
        this.config = config;
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent shutdown) {
        shuttingDown = true;
    }

    public Multi<DashboardSnapshot> open() {
        // the first tick comes at once
        Multi<Reason> ticks = Multi.createFrom().ticks().every(config.pushInterval()).onOverflow().drop()
                .map(tick -> Reason.TICK);
        Multi<Reason> changes = transitions.follow().map(change -> Reason.TRANSITION);
        // ticks fire on the event loops that also carry the proxied calls: snapshots are taken and written elsewhere
        return Multi.createBy().merging().streams(ticks, changes)
                .onOverflow().drop()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .select().first(reason -> !shuttingDown)
                .map(reason -> snapshots.take());
    }

    /** Why a snapshot is sent. */
    private enum Reason {
        TICK,
        TRANSITION
    }
}
