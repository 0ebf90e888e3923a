package io.breakwater.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerOverridden;
import io.breakwater.breaker.BreakerStateChanged;
import io.breakwater.endpoint.EndpointEvent;
import io.breakwater.redis.Redis;
import io.breakwater.redis.RedisConfig;
import io.breakwater.redis.RedisKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.ReactiveStreamCommands;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XAddArgs;
import io.smallrye.mutiny.Uni;

/**
 * Forwards every breaker transition and operator override to Redis, in order: appended to the
 * {@code <prefix>:history} stream, written to this replica's entry in {@code <prefix>:state:<service>} (for a
 * transition that is still the breaker's latest news), and published on {@code <prefix>:events}. Endpoint ejections
 * and returns go the same way to {@code <prefix>:endpoint-history} and {@code <prefix>:endpoint-events}.
 * <p>
 * Nothing waits for Redis: transitions go into a bounded buffer and one write at a time drains it. While Redis
 * cannot be reached they stay there, and are sent in order once it answers again; when the buffer is full the
 * oldest is dropped and counted.
 */
@Singleton
public class RedisEventForwarder {

    private static final Logger LOG = Logger.getLogger(RedisEventForwarder.class);

    /** How far back the stream is searched for an event whose earlier write may have landed. */
    private static final int RECENT_ENTRIES = 50;

    private final Deque<Pending> buffer = new ArrayDeque<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean retryPending = new AtomicBoolean();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean unavailable;
    private volatile boolean stopped;

    private final Redis redis;
    private final RedisKeys keys;
    private final ClusterView cluster;
    private final BreakerMonitor monitor;
    private final InstanceId instance;
    private final RedisConfig config;

    RedisEventForwarder(Redis redis, RedisKeys keys, ClusterView cluster, BreakerMonitor monitor,
            InstanceId instance, RedisConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.cluster = cluster;
        this.monitor = monitor;
        this.instance = instance;
        this.config = config;
    }

    /**
     * An event waiting to be written: appended to {@code history}, published on {@code channel}, and for a breaker
     * event that brings a version (a transition, not an override) written to the replica's state if still latest.
     *
     * @param service the breaker whose state a transition changes, or {@code null}
     */
    private record Pending(String history, String channel, Map<String, String> fields, String json, String service,
            long version) {
    }

    void onTransition(@ObservesAsync BreakerStateChanged change) {
        enqueue(breakerEvent(BreakerEvent.of(change, instance.value()), change.version()));
    }

    void onOverride(@ObservesAsync BreakerOverridden overridden) {
        enqueue(breakerEvent(BreakerEvent.of(overridden, instance.value()), -1));
    }

    void onEndpoint(@ObservesAsync EndpointEvent event) {
        if (event.kind() == EndpointEvent.Kind.EJECTED || event.kind() == EndpointEvent.Kind.RETURNED) {
            EndpointRecord record = EndpointRecord.of(event, instance.value());
            enqueue(new Pending(keys.endpointHistory(), keys.endpointEvents(), record.fields(), record.toJson(), null,
                    -1));
        }
    }

    private Pending breakerEvent(BreakerEvent event, long version) {
        return new Pending(keys.history(), keys.events(), event.fields(), event.toJson(),
                version < 0 ? null : event.service(), version);
    }

    private void enqueue(Pending pending) {
        if (!redis.configured()) {
            // said once at start-up; nothing to keep for a Redis that will never be there
            return;
        }
        synchronized (buffer) {
            if (buffer.size() >= config.bufferSize()) {
                buffer.pollFirst();
                dropped.increment();
            }
            buffer.addLast(pending);
        }
        writeNext();
    }

    /** Transitions written to Redis since start-up. */
    public long sent() {
        return sent.sum();
    }

    /** Transitions lost because the buffer was full while Redis could not be reached. */
    public long dropped() {
        return dropped.sum();
    }

    /** Transitions waiting to be written. */
    public int buffered() {
        synchronized (buffer) {
            return buffer.size();
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }

    private void writeNext() {
        if (stopped || !writing.compareAndSet(false, true)) {
            return;
        }
        Pending next;
        synchronized (buffer) {
            next = buffer.peekFirst();
        }
        if (next == null) {
            writing.set(false);
            if (buffered() > 0) {
                writeNext();
            }
            return;
        }
        redis.run(dataSource -> write(dataSource, next)).subscribe().with(ignored -> {
            synchronized (buffer) {
                if (buffer.peekFirst() == next) {
                    buffer.pollFirst();
                }
            }
            sent.increment();
            if (unavailable) {
                unavailable = false;
                LOG.infof("Redis reachable again; sending %d buffered breaker events", buffered());
            }
            writing.set(false);
            writeNext();
        }, failure -> {
            if (!unavailable) {
                unavailable = true;
                LOG.warnf("Redis unreachable, keeping breaker events until it is back (%d buffered, at most %d): %s",
                        buffered(), config.bufferSize(), failure.toString());
            }
            writing.set(false);
            retryLater();
        });
    }

    private void retryLater() {
        if (retryPending.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(config.retryInterval()).subscribe().with(ignored -> {
                retryPending.set(false);
                writeNext();
            });
        }
    }

    private Uni<Void> write(ReactiveRedisDataSource dataSource, Pending pending) {
        boolean latest = pending.service() != null
                && monitor.status(pending.service()).version() == pending.version();
        return append(dataSource, pending)
                .chain(() -> latest ? cluster.writeOwn(dataSource, pending.service()) : Uni.createFrom().voidItem())
                .chain(() -> dataSource.pubsub(String.class).publish(pending.channel(), pending.json()));
    }

    /**
     * Appends the event to the history stream unless it is already among the newest entries: a write that timed out
     * may still have reached a Redis that was only slow, and the event must not appear twice.
     */
    private Uni<Void> append(ReactiveRedisDataSource dataSource, Pending pending) {
        ReactiveStreamCommands<String, String, String> stream = dataSource.stream(String.class);
        Map<String, String> fields = pending.fields();
        return stream.xrevrange(pending.history(), StreamRange.of("+", "-"), RECENT_ENTRIES)
                .chain(recent -> recent.stream().anyMatch(entry -> fields.equals(entry.payload()))
                        ? Uni.createFrom().voidItem()
                        : stream.xadd(pending.history(),
                                new XAddArgs().maxlen(config.streamMaxLength()).nearlyExactTrimming(), fields)
                                .replaceWithVoid());
    }
}
