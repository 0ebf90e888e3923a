package io.breakwater.events;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerHold;
import io.breakwater.breaker.BreakerHolds;
import io.breakwater.breaker.BreakerState;
import io.breakwater.redis.Redis;
import io.breakwater.redis.RedisKeys;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Lets a breaker's open window outlive a restart. At start-up, if Redis answers, each service's newest event in the
 * history stream (any replica's: a restarted pod has a new name) is read; if it opened a breaker whose window has not
 * ended, this replica holds that service's calls for the time left, a {@link BreakerHold} by {@code restored}, and
 * says so in its log. Without it a replica restarted during an outage would send {@code fail-max} more failing calls
 * before it knew. Its own breaker starts closed all the same, so once the window ends calls go through it and open it
 * again if the backend still fails. Off with {@code gateway.restore.state=false}.
 */
@Singleton
public class OpenWindowRestore {

    private static final Logger LOG = Logger.getLogger(OpenWindowRestore.class);

    /** The source of a restored hold, as {@code held_open.by} shows it. */
    private static final String SOURCE = "restored";
    /** Entries read at a time, newest first, until every service's newest event is found or the stream ends. */
    private static final int PAGE = 200;

    private final Backends backends;
    private final BreakerHolds holds;
    private final Redis redis;
    private final RedisKeys keys;
    private final RestoreConfig config;
    private final Clock clock;

    OpenWindowRestore(Backends backends, BreakerHolds holds, Redis redis, RedisKeys keys,
            RestoreConfig config, Clock clock) {
        this.backends = backends;
        this.holds = holds;
        this.redis = redis;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /** Before the first call is served, so that none reaches a backend whose window is still open. */
    void restore(@Observes StartupEvent started) {
        if (!config.state() || !redis.configured()) {
            return;
        }
        Map<String, BreakerEvent> newest;
        try {
            newest = newestEvents(new HashMap<>(), "+").await().indefinitely();
        } catch (RuntimeException e) {
            LOG.warnf("Breakers start closed: their open windows could not be read from Redis (%s)", e.toString());
            return;
        }
        Instant now = clock.instant();
        for (Backend backend : backends.all()) {
            BreakerEvent event = newest.get(backend.breakerName());
            if (event == null || event.hasOverride() || !BreakerState.OPEN.label().equals(event.to())) {
                continue;
            }
            Instant windowEnd = event.windowEnd(backend);
            if (windowEnd.isAfter(now)) {
                holds.hold(backend.breakerName(), new BreakerHold(windowEnd, SOURCE, "breaker opened on replica "
                        + event.instance() + " at " + event.at() + ", before this replica started"));
                LOG.infof("Circuit breaker %s: held open until %s, as replica %s opened it at %s",
                        backend.breakerName(), windowEnd, event.instance(), event.at());
            }
        }
    }

    /**
     * Reads the history stream newest first from {@code end} on, and adds each service's newest event to
     * {@code found}, until every backend has one or the stream ends.
     */
    private Uni<Map<String, BreakerEvent>> newestEvents(Map<String, BreakerEvent> found, String end) {
        return redis.run(dataSource -> dataSource.stream(String.class)
                .xrevrange(keys.history(), StreamRange.of(end, "-"), PAGE))
                .chain(entries -> {
                    for (StreamMessage<String, String, String> entry : entries) {
                        try {
                            BreakerEvent event = BreakerEvent.fromFields(entry.payload());
                            found.putIfAbsent(event.service(), event);
                        } catch (IllegalArgumentException e) {
                            LOG.debugf("Skipping history entry %s: %s", entry.id(), e.getMessage());
                        }
                    }
                    boolean allFound = backends.all().stream()
                            .allMatch(backend -> found.containsKey(backend.breakerName()));
                    return entries.size() < PAGE || allFound
                            ? Uni.createFrom().item(found)
                            : newestEvents(found, "(" + entries.get(entries.size() - 1).id());
                });
    }
}

