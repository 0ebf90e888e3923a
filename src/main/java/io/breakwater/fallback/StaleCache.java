package io.breakwater.fallback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MultivaluedMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.BackendResponse;

/**
 * Keeps the last good answer to each GET, bounded in entries, bytes and age, so that a failing backend's clients
 * can still be given something. Never keeps what is private to one client: answers to requests with credentials
 * or cookies, answers that set cookies, and answers marked {@code private} or {@code no-store}.
 */
@Singleton
public class StaleCache {

    /** How long a kept answer stays as it is before a newer one replaces it. */
    private static final Duration REFRESH = Duration.ofSeconds(1);

    /** Rough cost of an entry beyond its body and headers. */
    private static final int ENTRY_OVERHEAD = 256;

    private final Cache<String, StaleEntry> entries;
    private final Clock clock;
    private final boolean enabled;

    StaleCache(StaleCacheConfig config, Clock clock) {
        this.clock = clock;
        this.enabled = config.enabled();
        long maxBytes = config.maxBytes().asLongValue();
        // every entry weighs at least one "slot" of maxBytes / maxEntries, so the weight bound caps the number of
        // entries at maxEntries as well as their bytes at maxBytes
        long slot = Math.max(1, maxBytes / config.maxEntries());
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, StaleEntry entry) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(slot, entry.weight())))
                .expireAfterWrite(config.maxStale())
                .executor(Runnable::run)
                .build();
    }

    /**
     * Keeps a successful answer to a GET if it is shareable. An answer kept less than a second ago is not replaced:
     * a fallback a second older costs nothing, rewriting the cache on every request would.
     */
    public void remember(BackendRequest request, BackendResponse answer) {
        if (!enabled || !isShareable(request, answer)) {
            return;
        }
        Instant now = clock.instant();
        StaleEntry kept = entries.getIfPresent(request.target());
        if (kept == null || kept.receivedAt().isBefore(now.minus(REFRESH))) {
            entries.put(request.target(), new StaleEntry(answer, varyValues(answer, request.headers()), now));
        }
    }

    /**
     * @return the last good answer to the same GET, with its age, if one is kept
     */
    public Optional<Stale> find(BackendRequest request) {
        if (!enabled || !"GET".equals(request.method())) {
            return Optional.empty();
        }
        StaleEntry entry = entries.getIfPresent(request.target());
        if (entry == null || !entry.vary().equals(varyValues(entry.answer(), request.headers()))) {
            return Optional.empty();
        }
        return Optional.of(new Stale(entry.answer(), Duration.between(entry.receivedAt(), clock.instant())));
    }

    /**
     * A kept answer and how old it is.
     */
    public record Stale(BackendResponse answer, Duration age) {
    }

    private static boolean isShareable(BackendRequest request, BackendResponse answer) {
        if (!"GET".equals(request.method()) || answer.status() < 200 || answer.status() >= 300
                || answer.status() == 206) {
            return false;
        }
        if (request.headers().containsKey("Authorization") || request.headers().containsKey("Cookie")
                || answer.headers().containsKey("Set-Cookie")) {
            return false;
        }
        String cacheControl = String.join(",", answer.headers().getOrDefault("Cache-Control", List.of()))
                .toLowerCase(Locale.ROOT);
        String vary = String.join(",", answer.headers().getOrDefault("Vary", List.of()));
        return !cacheControl.contains("no-store") && !cacheControl.contains("private") && !vary.contains("*");
    }

    /**
     * The request's values of the headers the answer varies on: a kept answer only stands in for a request that
     * agrees on all of them.
     */
    private static Map<String, List<String>> varyValues(BackendResponse answer, MultivaluedMap<String, String> request) {
        Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String vary : answer.headers().getOrDefault("Vary", List.of())) {
            for (String name : vary.split(",")) {
                String header = name.trim();
                if (!header.isEmpty()) {
                    values.put(header, request.getOrDefault(header, List.of()));
                }
            }
        }
        return values;
    }

    private record StaleEntry(BackendResponse answer, Map<String, List<String>> vary, Instant receivedAt) {

        long weight() {
            long headers = 0;
            for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
                for (String value : header.getValue()) {
                    headers += header.getKey().length() + value.length();
                }
            }
            return ENTRY_OVERHEAD + answer.body().length + headers;
        }
    }
}
