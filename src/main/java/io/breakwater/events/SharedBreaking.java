package io.breakwater.events;

import java.time.Duration;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.breaker.BreakerHold;
import io.breakwater.breaker.BreakerHolds;

/**
 * With {@code gateway.cluster.shared-state} on, follows the other replicas' breakers: when one's breaker for a
 * service opens, this replica holds that service's calls too, until that breaker's open window ends or it closes.
 */
@Singleton
public class SharedBreaking {

    private final BreakerHolds holds;
    private final boolean enabled;

    SharedBreaking(BreakerHolds holds, ClusterConfig cluster) {
        this.holds = holds;
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
            case "open" -> holds.hold(backend.breakerName(), new BreakerHold(
                    event.at().plus(Duration.ofSeconds(backend.config().resetTimeout())), source,
                    "breaker open on replica " + event.instance()));
            case "closed" -> holds.release(backend.breakerName(), source);
            default -> {
                // half-open: the other replica is trying one call; the hold lasts until its window ends anyway
            }
        }
    }
}
