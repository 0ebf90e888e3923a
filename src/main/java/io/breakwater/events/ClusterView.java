package io.breakwater.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerStatus;
import io.breakwater.redis.Redis;
import io.breakwater.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;

/**
 * Every replica's breakers, as they write them to Redis. Every {@code gateway.cluster.state-refresh} this replica
 * writes its own entry in {@code <prefix>:state:<service>}, removes the entries of replicas that stopped refreshing
 * theirs, and reads the rest; the health endpoint shows the result without waiting for Redis.
 */
@Singleton
public class ClusterView {

    private static final Logger LOG = Logger.getLogger(ClusterView.class);

    private final Map<String, Map<String, ReplicaState>> replicas = new ConcurrentHashMap<>();
    private final Backends backends;
    private final BreakerMonitor monitor;
    private final Redis redis;
    private final RedisKeys keys;
    private final InstanceId instance;
    private final ClusterConfig config;
    private final Clock clock;

    ClusterView(Backends backends, BreakerMonitor monitor, Redis redis, RedisKeys keys, InstanceId instance,
            ClusterConfig config, Clock clock) {
        this.backends = backends;
        this.monitor = monitor;
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @return the replicas that recently wrote a state for this service, by name, this one included
     */
    public Map<String, ReplicaState> replicas(String service) {
        return replicas.getOrDefault(service, Map.of());
    }

    /**
     * Writes this replica's current state for {@code service}.
     */
    Uni<Void> writeOwn(ReactiveRedisDataSource redis, String service) {
        BreakerStatus status = monitor.status(service);
        ReplicaState own = new ReplicaState(status.state().label(), status.since(), clock.instant());
        String key = keys.state(service);
        return redis.hash(String.class).hset(key, instance.value(), own.toJson())
                .chain(() -> redis.key().expire(key, config.stateTtl()))
                .replaceWithVoid();
    }

    // the first refresh comes within a second of start-up (no delay: a delay under a second, as the 1 ms of the tick
    // stream this replaced, keeps Quarkus' simple scheduler from ever firing); one at a time, so that a refresh still
    // waiting for a slow Redis makes the next one skip its turn
    @Scheduled(identity = "cluster-view", every = "${gateway.cluster.state-refresh}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return redis.run(dataSource -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Backend backend : backends.all()) {
                String service = backend.breakerName();
                all = all.chain(() -> writeOwn(dataSource, service)).chain(() -> readAll(dataSource, service));
            }
            return all;
        }).onFailure().invoke(failure -> LOG.debugf("Cluster view not refreshed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> readAll(ReactiveRedisDataSource redis, String service) {
        String key = keys.state(service);
        return redis.hash(String.class).hgetall(key).chain(entries -> {
            Instant oldest = clock.instant().minus(config.stateTtl());
            Map<String, ReplicaState> live = new TreeMap<>();
            List<String> gone = new ArrayList<>();
            entries.forEach((replica, json) -> {
                try {
                    ReplicaState state = ReplicaState.parse(json);
                    if (state.updatedAt().isBefore(oldest)) {
                        gone.add(replica);
                    } else {
                        live.put(replica, state);
                    }
                } catch (IllegalArgumentException e) {
                    gone.add(replica);
                }
            });
            replicas.put(service, Map.copyOf(live));
            return gone.isEmpty() ? Uni.createFrom().voidItem()
                    : redis.hash(String.class).hdel(key, gone.toArray(String[]::new)).replaceWithVoid();
        });
    }
}
