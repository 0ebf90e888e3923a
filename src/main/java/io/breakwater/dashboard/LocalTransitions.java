package io.breakwater.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import io.breakwater.breaker.BreakerOverridden;
import io.breakwater.breaker.BreakerStateChanged;
import io.breakwater.events.BreakerEvent;
import io.breakwater.events.InstanceId;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * This replica's latest transitions and operator overrides, kept in memory (the page's history when Redis cannot be
 * read), and a feed of new ones for the open pages.
 */
@Singleton
public class LocalTransitions {

    private final AtomicReference<List<BreakerEvent>> newestFirst = new AtomicReference<>(List.of());
    private final Set<MultiEmitter<? super BreakerEvent>> followers = new CopyOnWriteArraySet<>();
    private final InstanceId instance;
    private final DashboardConfig config;

    LocalTransitions(InstanceId instance, DashboardConfig config) {
        this.instance = instance;
        this.config = config;
    }

    void onTransition(@ObservesAsync BreakerStateChanged change) {
        keep(BreakerEvent.of(change, instance.value()));
    }

    void onOverride(@ObservesAsync BreakerOverridden overridden) {
        keep(BreakerEvent.of(overridden, instance.value()));
    }

    private void keep(BreakerEvent event) {
        newestFirst.updateAndGet(kept -> {
            List<BreakerEvent> next = new ArrayList<>(kept.size() + 1);
            next.add(event);
            next.addAll(kept.subList(0, Math.min(kept.size(), config.transitions() - 1)));
            return List.copyOf(next);
        });
        followers.forEach(follower -> follower.emit(event));
    }

    /**
     * @return this replica's latest transitions, newest first, at most {@code gateway.dashboard.transitions}
     */
    public List<BreakerEvent> recent() {
        return newestFirst.get();
    }

    /**
     * @return every transition from now on; a follower that cannot keep up gets the latest one
     */
    public Multi<BreakerEvent> follow() {
        return Multi.createFrom().emitter(emitter -> {
            followers.add(emitter);
            emitter.onTermination(() -> followers.remove(emitter));
        }, BackPressureStrategy.LATEST);
    }
}
