package io.breakwater.fallback;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;

/**
 * Keeps the last good answer to each GET, bounded in entries, bytes, size per answer and age, so that a failing
 * backend's clients can still be given something. Never keeps what is private to one client: answers to requests
 * with credentials or cookies, answers that set cookies, and answers marked {@code private} or {@code no-store}.
 * <p>
 * An answer is kept for what the backend was asked: the backend, the path and query, and the {@code X-Forwarded-Host},
 * {@code -Proto} and {@code -For} the gateway sent with it, since a backend may build its answer from them (links
 * with the client's host name, say). It stands in only for a request that agrees on all of these and on the headers
 * the answer names in {@code Vary}.
 */
// Caffeine picks the classes of its cache and of its entries by name at run time, from the builder's settings:
// strong keys and values, a maximum weight and expiry after write give SSMWW and PSWMW. quarkus-caffeine registers
// the most common ones for the native executable, SSMWW not among them; StaleCacheTest checks that these two are
// the ones picked.
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMWW",
        "com.github.benmanes.caffeine.cache.PSWMW" })
@Singleton
public class StaleCache {

    /** How long a kept answer stays as it is before a newer one replaces it. */
    private static final long REFRESH_MILLIS = 1000;

    /** Rough cost of an entry beyond its body and headers. */
    private static final int ENTRY_OVERHEAD = 256;

    private final Cache<Key, StaleEntry> entries;
    private final AtomicLong copying = new AtomicLong();
    private final Clock clock;
    private final boolean enabled;
    private final long maxBytes;
    private final long maxEntrySize;

    StaleCache(StaleCacheConfig config, Clock clock) {
        this.clock = clock;
        this.enabled = config.enabled();
        this.maxBytes = config.maxBytes().asLongValue();
        this.maxEntrySize = Math.min(config.maxEntrySize().asLongValue(), maxBytes);
        // every entry weighs at least one "slot" of maxBytes / maxEntries, so the weight bound caps the number of
        // entries at maxEntries as well as their bytes at maxBytes
        long slot = Math.max(1, maxBytes / config.maxEntries());
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, StaleEntry entry) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(slot, entry.weight())))
                .expireAfterWrite(config.maxStale())
                .executor(Runnable::run)
                .build();
    }

    /**
     * Starts a copy of an answer that may be kept: a successful, shareable answer to a GET, no larger than
     * {@code max-entry-size}, for which no answer was kept within the last second (a fallback a second older costs
     * nothing, rewriting the cache on every request would), while copies in flight leave room for it.
     *
     * @return the copy to fill as the body streams, or {@code null} if the answer is not to be kept
     */
    public StaleCopy copyOf(Backend backend, BackendRequest request, int status, String statusMessage,
            MultiMap answerHeaders) {
        if (!enabled || !isShareable(request, status, answerHeaders)) {
            return null;
        }
        Key key = Key.of(backend, request);
        StaleEntry kept = entries.getIfPresent(key);
        if (kept != null && clock.millis() - kept.receivedAtMillis() < REFRESH_MILLIS) {
            return null;
        }
        long length = contentLength(answerHeaders);
        if (length > maxEntrySize) {
            return null;
        }
        long reserved = length >= 0 ? length : maxEntrySize;
        if (copying.addAndGet(reserved) > maxBytes) {
            copying.addAndGet(-reserved);
            return null;
        }
        return new StaleCopy(this, key, status, statusMessage,
                MultiMap.caseInsensitiveMultiMap().addAll(answerHeaders), varyValues(answerHeaders, request.headers()),
                reserved, length >= 0 ? (int) length : 1024);
    }

    /**
     * @return the last good answer to the same GET, with its age, if one is kept
     */
    public Optional<Stale> find(Backend backend, BackendRequest request) {
        if (!enabled || request.method() != HttpMethod.GET) {
            return Optional.empty();
        }
        StaleEntry entry = entries.getIfPresent(Key.of(backend, request));
        if (entry == null || !entry.vary().equals(varyValues(entry.answer().headers(), request.headers()))) {
            return Optional.empty();
        }
        return Optional.of(new Stale(entry.answer(), Duration.ofMillis(clock.millis() - entry.receivedAtMillis())));
    }

    /**
     * A kept answer and how old it is.
     */
    public record Stale(KeptAnswer answer, Duration age) {
    }

    void keep(Key key, KeptAnswer answer, Map<String, List<String>> vary) {
        entries.put(key, new StaleEntry(answer, vary, clock.millis()));
    }

    void release(long reserved) {
        copying.addAndGet(-reserved);
    }

    /** The cache Caffeine built, of a class the native executable must know by name. */
    Object caffeineCache() {
        return entries.asMap();
    }

    /** What an answer is kept for: the backend, the path and query, and the forwarding headers sent with it. */
    record Key(String route, String pathAndQuery, String forwardedHost, String forwardedProto, String forwardedFor) {

        static Key of(Backend backend, BackendRequest request) {
            MultiMap headers = request.headers();
            return new Key(backend.route(), request.pathAndQuery(), headers.get("X-Forwarded-Host"),
                    headers.get("X-Forwarded-Proto"), headers.get("X-Forwarded-For"));
        }
    }

    private static boolean isShareable(BackendRequest request, int status, MultiMap answer) {
        if (request.method() != HttpMethod.GET || status < 200 || status >= 300 || status == 206) {
            return false;
        }
        if (request.headers().contains(HttpHeaders.AUTHORIZATION) || request.headers().contains(HttpHeaders.COOKIE)
                || answer.contains(HttpHeaders.SET_COOKIE)) {
            return false;
        }
        return !anyContains(answer, HttpHeaders.CACHE_CONTROL, "no-store", "private")
                && !anyContains(answer, HttpHeaders.VARY, "*");
    }

    /** Whether a value of {@code header} contains one of {@code words}, in any case. */
    private static boolean anyContains(MultiMap headers, CharSequence header, String... words) {
        if (!headers.contains(header)) {
            return false; // most answers: nothing to read, nothing to allocate
        }
        for (String value : headers.getAll(header)) {
            String lower = value.toLowerCase(Locale.ROOT);
            for (String word : words) {
                if (lower.contains(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the declared body length, or -1 */
    private static long contentLength(MultiMap answer) {
        String length = answer.get(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The request's values of the headers the answer varies on: a kept answer only stands in for a request that
     * agrees on all of them.
     */
    private static Map<String, List<String>> varyValues(MultiMap answer, MultiMap request) {
        Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String vary : answer.getAll(HttpHeaders.VARY)) {
            for (String name : vary.split(",")) {
                String header = name.trim();
                if (!header.isEmpty()) {
                    values.put(header, request.getAll(header));
                }
            }
        }
        return values;
    }

    private record StaleEntry(KeptAnswer answer, Map<String, List<String>> vary, long receivedAtMillis) {

        long weight() {
            long headers = 0;
            for (Map.Entry<String, String> header : answer.headers()) {
                headers += header.getKey().length() + header.getValue().length();
            }
            return ENTRY_OVERHEAD + answer.body().length() + headers;
        }
    }
}
