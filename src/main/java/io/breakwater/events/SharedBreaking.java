package io.breakwater.events;

import java.time.Instant;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.breaker.BreakerHold;
import io.breakwater.breaker.BreakerHolds;

/**
 * With {@code gateway.cluster.shared-state} on, follows the other replicas' breakers: when one's breaker for a
 * service opens, this replica holds that service's calls too, until that breaker's open window ends or it closes;
 * {@link ClusterTrial} then has one replica send the trial call.
 */
@Singleton
public class SharedBreaking {

    private final BreakerHolds holds;
    private final ClusterTrial trial;
    private final boolean enabled;

    SharedBreaking(BreakerHolds holds, ClusterTrial trial, ClusterConfig cluster) {
        this.holds = holds;
        this.trial = trial;
        this.enabled = cluster.sharedState();
    }

    /**
     * @param event a transition of another replica's breaker for {@code backend}
     */
    void onTransition(Backend backend, BreakerEvent event) {
        if (!enabled) {
            return;
        }
        String source = "replica:" + event.instance();
        switch (event.to()) {
            case "open" -> {
                Instant windowEnd = event.windowEnd(backend);
                holds.hold(backend.breakerName(), new BreakerHold(windowEnd, source,
                        "breaker open on replica " + event.instance()));
                trial.peerOpened(backend, windowEnd);
            }
            case "closed" -> {
                holds.release(backend.breakerName(), source);
                trial.peerClosed(backend);
            }
            default -> {
                // half-open: the other replica is sending its trial call; the hold lasts until its window ends anyway
            }
        }
    }
}
