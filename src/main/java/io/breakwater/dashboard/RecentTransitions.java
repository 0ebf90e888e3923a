package io.breakwater.dashboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonValue;

import io.breakwater.CachedRead;
import io.breakwater.events.BreakerEvent;
import io.breakwater.redis.Redis;
import io.breakwater.redis.RedisKeys;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The latest transitions for the page: every replica's, from the Redis history stream, with this replica's own
 * latest ones added at once (the stream gets them a moment later). When Redis cannot be read, this replica's memory
 * alone, and the page says so.
 * <p>
 * Never waits for Redis: the stream is read in the background ({@link CachedRead#last()}) at most once per
 * {@code gateway.dashboard.transitions-cache}, however many pages ask, and the last result is used meanwhile.
 */
@Singleton
public class RecentTransitions {

    private static final Logger LOG = Logger.getLogger(RecentTransitions.class);

    /** Where the transitions came from. */
    @RegisterForReflection
    public enum Source {
        /** the history stream: every replica's transitions */
        REDIS,
        /** this replica's own transitions, kept in memory */
        MEMORY;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param source where they came from
     * @param unavailable why Redis could not be read, when {@code source} is {@code memory}
     * @param events newest first
     */
    @RegisterForReflection
    public record Recent(Source source, String unavailable, List<BreakerEvent> events) {
    }

    /** One read of the stream: the events, or why there are none. */
    private record Read(List<BreakerEvent> events, String failure) {
    }

    private final CachedRead<Read> history;
    private final LocalTransitions local;
    private final DashboardConfig config;

    RecentTransitions(LocalTransitions local, Redis redis, RedisKeys keys, DashboardConfig config, Clock clock) {
        this.local = local;
        this.config = config;
        // XREVRANGE takes its bounds newest first, and the client passes them on as given
        this.history = new CachedRead<>(() -> redis.run(dataSource -> dataSource.stream(String.class)
                .xrevrange(keys.history(), StreamRange.of("+", "-"), config.transitions()))
                .map(entries -> new Read(events(entries), null))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Transitions not read from Redis: %s", failure.toString());
                    return new Read(List.of(), describe(failure));
                }), null, config.transitionsCache(), clock);
    }

    void start(@Observes StartupEvent startup) {
        history.last();
    }

    public Recent current() {
        Read read = history.last();
        if (read == null) {
            return new Recent(Source.MEMORY, "Redis not read yet", local.recent());
        }
        if (read.failure() != null) {
            return new Recent(Source.MEMORY, read.failure(), local.recent());
        }
        return new Recent(Source.REDIS, null, newestFirst(read.events(), local.recent()));
    }

    private static List<BreakerEvent> events(List<StreamMessage<String, String, String>> entries) {
        List<BreakerEvent> events = new ArrayList<>(entries.size());
        for (StreamMessage<String, String, String> entry : entries) {
            try {
                events.add(BreakerEvent.fromFields(entry.payload()));
            } catch (IllegalArgumentException e) {
                LOG.debugf("Ignoring history entry %s: %s", entry.id(), e.toString());
            }
        }
        return events;
    }

    private List<BreakerEvent> newestFirst(List<BreakerEvent> fromRedis, List<BreakerEvent> fromMemory) {
        Set<BreakerEvent> union = new LinkedHashSet<>(fromRedis);
        union.addAll(fromMemory);
        return union.stream().sorted(Comparator.comparing(BreakerEvent::at).reversed()).limit(config.transitions())
                .toList();
    }

    private static String describe(Throwable failure) {
        if (failure instanceof Redis.NotConfiguredException) {
            return failure.getMessage();
        }
        if (failure instanceof TimeoutException) {
            return "Redis did not answer in time";
        }
        String message = failure.getMessage() != null ? failure.getMessage().lines().findFirst().orElse("") : "";
        return "Redis unreachable: " + (message.isBlank() ? failure.getClass().getSimpleName() : message);
    }
}
