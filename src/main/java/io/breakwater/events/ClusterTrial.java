package io.breakwater.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerHold;
import io.breakwater.breaker.BreakerHolds;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.BreakerStateChanged;
import io.breakwater.breaker.TrialListener;
import io.breakwater.redis.Redis;
import io.breakwater.redis.RedisKeys;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Response;

/**
 * With {@code gateway.cluster.shared-state} on, has one replica of the cluster send a breaker's trial call when an
 * open window ends, rather than every replica its own.
 * <p>
 * Shortly before a window ends, each replica whose own breaker is open claims the trial with a short Redis lock,
 * {@code <prefix>:trial:<service>} ({@code SET NX PX}, lasting as long as a trial call may take, and renewed when its
 * trial call goes out). The one that gets it lets its trial call through; the others hold their calls until its
 * result arrives as an event (its breaker closed, or opened again for a new window), or until the lock expires and
 * they claim again, so that a replica that crashed, or got no call to try with, cannot hold them forever. A replica
 * whose own breaker is closed, held only by another's, waits the same way. With Redis down, each replica sends its
 * own trial call.
 * <p>
 * Redis stays off the request path: claims are made by a timer, and what they decide is a {@link BreakerHold}.
 */
@Singleton
public class ClusterTrial implements TrialListener {

    private static final Logger LOG = Logger.getLogger(ClusterTrial.class);

    /** The source of the hold while another replica sends the trial call, as {@code held_open.by} shows it. */
    private static final String SOURCE = "cluster-trial";
    /** How long before a window ends the trial is claimed, so that the answer is in before the first call after it. */
    private static final Duration LEAD = Duration.ofMillis(500);
    /** Takes the lock if it is free; answers who holds it and for how many more milliseconds. */
    private static final String CLAIM = "redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) "
            + "return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}";
    /** Lets the lock last longer if this replica holds it. */
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    /** Deletes the lock if this replica holds it. */
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) end return 0";

    private final Backends backends;
    private final BreakerMonitor monitor;
    private final BreakerHolds holds;
    private final Redis redis;
    private final RedisKeys keys;
    private final InstanceId instance;
    private final Vertx vertx;
    private final Clock clock;
    private final boolean enabled;
    /** The end of the open window each service's trial is being decided for. */
    private final Map<String, Instant> windows = new ConcurrentHashMap<>();
    /** The open windows whose trial call this replica claimed. */
    private final Map<String, Instant> claimedWindows = new ConcurrentHashMap<>();
    /** When each service's lock was last renewed, in {@link System#nanoTime()}. */
    private final Map<String, Long> renewedNanos = new ConcurrentHashMap<>();

    ClusterTrial(Backends backends, BreakerMonitor monitor, BreakerHolds holds, Redis redis, RedisKeys keys,
            InstanceId instance, ClusterConfig cluster, Vertx vertx, Clock clock) {
        this.backends = backends;
        this.monitor = monitor;
        this.holds = holds;
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
        this.vertx = vertx;
        this.clock = clock;
        this.enabled = cluster.sharedState() && redis.configured();
    }

    void onTransition(@ObservesAsync BreakerStateChanged change) {
        Backend backend = backends.byBreaker(change.service());
        if (!enabled || backend == null) {
            return;
        }
        if (change.from() == BreakerState.HALF_OPEN) {
            // this replica's trial call is over, and its transition tells the others
            release(backend);
        }
        if (change.to() == BreakerState.OPEN) {
            windowEnds(backend, change.openUntil());
        } else if (change.to() == BreakerState.CLOSED) {
            windows.remove(change.service());
            holds.release(change.service(), SOURCE);
        }
        // half-open says only that the window ended: SmallRye moves there when its state is read, before any call
    }

    /**
     * A call went into the breaker after its window: if this replica claimed the trial, its lock lasts a trial call
     * longer from now, so that the others do not take it over while the call is out.
     */
    @Override
    public void onTrialCall(Backend backend) {
        String service = backend.breakerName();
        Instant claimed = claimedWindows.get(service);
        if (claimed == null || !claimed.equals(windows.get(service))) {
            return;
        }
        long now = System.nanoTime();
        Long last = renewedNanos.get(service);
        if (last != null && now - last < LEAD.toNanos()) {
            return;
        }
        renewedNanos.put(service, now);
        redis.run(dataSource -> dataSource.execute("EVAL", RENEW, "1", keys.trial(service), instance.value(),
                String.valueOf(lockTime(backend).toMillis())))
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Could not renew %s's trial claim: %s", service, failure.toString()));
    }

    /** Another replica's breaker for {@code backend} opened, for a window that ends at {@code windowEnd}. */
    void peerOpened(Backend backend, Instant windowEnd) {
        holds.release(backend.breakerName(), SOURCE);
        windowEnds(backend, windowEnd);
    }

    /** Another replica's breaker for {@code backend} closed: if it sent the trial call, that call succeeded. */
    void peerClosed(Backend backend) {
        holds.release(backend.breakerName(), SOURCE);
        if (monitor.status(backend.breakerName()).state() == BreakerState.CLOSED) {
            windows.remove(backend.breakerName());
        }
    }

    private void windowEnds(Backend backend, Instant end) {
        windows.put(backend.breakerName(), end);
        decideAt(backend, end, end.minus(LEAD));
    }

    private void decideAt(Backend backend, Instant windowEnd, Instant at) {
        long delayMillis = Math.max(1, Duration.between(clock.instant(), at).toMillis());
        vertx.setTimer(delayMillis, ignored -> decide(backend, windowEnd));
    }

    /** Shortly before the window ends, or when the lock another replica held expired: who sends the trial call? */
    private void decide(Backend backend, Instant windowEnd) {
        String service = backend.breakerName();
        if (!windowEnd.equals(windows.get(service))) {
            // a newer window, or none: that breaker closed
            return;
        }
        Duration lockTime = lockTime(backend);
        if (monitor.status(service).state() == BreakerState.CLOSED) {
            // held only by another replica's breaker: one whose own breaker is open sends the trial call
            holds.hold(service, new BreakerHold(windowEnd.plus(lockTime), SOURCE,
                    "waiting for the trial call of a replica whose breaker is open"));
            return;
        }
        redis.run(dataSource -> dataSource.execute("EVAL", CLAIM, "1", keys.trial(service), instance.value(),
                String.valueOf(lockTime.toMillis())))
                .subscribe().with(claim -> claimed(backend, windowEnd, claim), failure -> {
                    LOG.debugf("Could not claim %s's trial call, sending it from here: %s", service,
                            failure.toString());
                    holds.release(service, SOURCE);
                });
    }

    /** How long a claim lasts: as long as the trial call may take, from shortly before the window ends. */
    private static Duration lockTime(Backend backend) {
        return Duration.ofSeconds(backend.config().timeout() + 1).plus(LEAD);
    }

    private void claimed(Backend backend, Instant windowEnd, Response claim) {
        String service = backend.breakerName();
        String owner = claim.get(0) == null ? null : claim.get(0).toString();
        LOG.debugf("Circuit breaker %s: replica %s sends the trial call after %s", service, owner, windowEnd);
        if (!windowEnd.equals(windows.get(service))) {
            holds.release(service, SOURCE);
            return;
        }
        Instant expires = clock.instant().plusMillis(Math.max(1, claim.get(1).toLong()));
        // if no trial call has ended the window by the time the lock expires (its replica got no call, or crashed),
        // claim again; the replica that held it last, so that another gets its turn
        if (owner == null || owner.equals(instance.value())) {
            claimedWindows.put(service, windowEnd);
            holds.release(service, SOURCE);
            decideAt(backend, windowEnd, expires.plus(LEAD));
        } else {
            claimedWindows.remove(service);
            holds.hold(service, new BreakerHold(expires, SOURCE, "replica " + owner + " is sending the trial call"));
            decideAt(backend, windowEnd, expires);
        }
    }

    private void release(Backend backend) {
        redis.run(dataSource -> dataSource.execute("EVAL", RELEASE, "1", keys.trial(backend.breakerName()),
                instance.value()))
                .subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Could not release %s's trial call; it expires by itself: %s",
                        backend.breakerName(), failure.toString()));
    }
}
