package io.breakwater.events;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerOverrides;
import io.breakwater.redis.Redis;
import io.breakwater.redis.RedisConfig;
import io.breakwater.redis.RedisKeys;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Listens to the other replicas' events on {@code <prefix>:events}: an operator's override made on one replica is
 * applied on every replica, and transitions feed {@link SharedBreaking}. The subscription is renewed whenever Redis
 * drops it.
 */
@Singleton
public class ClusterEvents {

    private static final Logger LOG = Logger.getLogger(ClusterEvents.class);

    private final AtomicBoolean subscribing = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile ReactiveRedisSubscriber subscriber;
    private final Backends backends;
    private final BreakerOverrides overrides;
    private final SharedBreaking sharedBreaking;
    private final Redis redis;
    private final RedisKeys keys;
    private final InstanceId instance;
    private final RedisConfig config;

    ClusterEvents(Backends backends, BreakerOverrides overrides, SharedBreaking sharedBreaking, Redis redis,
            RedisKeys keys, InstanceId instance, RedisConfig config) {
        this.backends = backends;
        this.overrides = overrides;
        this.sharedBreaking = sharedBreaking;
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        subscribe();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ReactiveRedisSubscriber current = subscriber;
        if (current != null) {
            current.unsubscribe().subscribe().with(ignored -> {
            }, ignored -> {
            });
        }
    }

    private void subscribe() {
        if (stopped || !subscribing.compareAndSet(false, true)) {
            return;
        }
        redis.run(dataSource -> dataSource.pubsub(String.class)
                .subscribe(keys.events(), this::onMessage, this::resubscribe, failure -> resubscribe()))
                .subscribe().with(
                        subscribed -> {
                            subscriber = subscribed;
                            LOG.debugf("Listening to the other replicas on %s", keys.events());
                        },
                        failure -> {
                            if (failure instanceof Redis.NotConfiguredException) {
                                LOG.debug("Redis is not configured: this replica neither hears nor tells the others");
                            } else {
                                LOG.debugf("Could not subscribe to %s: %s", keys.events(), failure.toString());
                                resubscribe();
                            }
                        });
    }

    private void resubscribe() {
        subscribing.set(false);
        if (stopped) {
            return;
        }
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
        if (event.hasOverride()) {
            overrides.applyFromReplica(backend.breakerName(), event.overrideAction(), event.until(), event.by(),
                    event.reason(), event.instance());
        } else {
            sharedBreaking.onTransition(backend, event);
        }
    }
}
