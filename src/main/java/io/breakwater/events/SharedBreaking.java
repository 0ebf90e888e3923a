package io.breakwater.events;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerHold;
import io.breakwater.breaker.BreakerHolds;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * With {@code gateway.cluster.shared-state} on, listens to the other replicas' transitions: when one's breaker for a
 * service opens, this replica holds that service's calls too, until that breaker's open window ends or it closes.
 * The subscription is renewed whenever Redis drops it.
 */
@Singleton
public class SharedBreaking {

    private static final Logger LOG = Logger.getLogger(SharedBreaking.class);

    private final AtomicBoolean subscribing = new AtomicBoolean();
    private final Backends backends;
    private final BreakerHolds holds;
    private final Redis redis;
    private final RedisKeys keys;
    private final InstanceId instance;
    private final ClusterConfig cluster;
    private final RedisEventsConfig config;

    SharedBreaking(Backends backends, BreakerHolds holds, Redis redis, RedisKeys keys, InstanceId instance,
            ClusterConfig cluster, RedisEventsConfig config) {
        this.backends = backends;
        this.holds = holds;
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.cluster = cluster;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        if (cluster.sharedState()) {
            subscribe();
        }
    }

    private void subscribe() {
        if (!subscribing.compareAndSet(false, true)) {
            return;
        }
        redis.run(dataSource -> dataSource.pubsub(String.class)
                .subscribe(keys.events(), this::onMessage, this::resubscribe, failure -> resubscribe()))
                .subscribe().with(
                        subscribed -> LOG.infof("Sharing breaker state with the other replicas on %s", keys.events()),
                        failure -> {
                            if (failure instanceof Redis.NotConfiguredException) {
                                LOG.warn("Shared breaking is on but Redis is not configured: each replica breaks alone");
                            } else {
                                LOG.debugf("Could not subscribe to %s: %s", keys.events(), failure.toString());
                                resubscribe();
                            }
                        });
    }

    private void resubscribe() {
        subscribing.set(false);
        Uni.createFrom().voidItem().onItem().delayIt().by(config.retryInterval()).subscribe().with(ignored -> subscribe());
    }

    private void onMessage(String message) {
        BreakerEvent event;
        try {
            event = BreakerEvent.parse(message);
        } catch (IllegalArgumentException e) {
            LOG.debugf("Ignoring a message on %s: %s", keys.events(), e.getMessage());
            return;
        }
        Backend backend = backends.byBreaker(event.service());
        if (backend == null || instance.value().equals(event.instance())) {
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
