package io.breakwater.fallback;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The last good GET answer per URL, kept in memory and served, marked stale, when its backend cannot answer.
 */
@ConfigMapping(prefix = "gateway.stale-cache")
public interface StaleCacheConfig {

    /**
     * Whether good GET answers are kept to be served when their backend fails or its breaker is open.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Most answers kept; the least recently used go first.
     */
    @WithDefault("1000")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    int maxEntries();

    /**
     * Most bytes of bodies and headers kept in all, e.g. {@code 64M}; the heap must hold them (see
     * {@code src/main/jvm/jvm.options}).
     */
    @WithDefault("16M")
    MemorySize maxBytes();

    /**
     * Largest answer body kept, e.g. {@code 1M}; larger answers pass through without a copy. Copies being made
     * count against {@code max-bytes} too, so that many large answers at once cannot fill the heap.
     */
    @WithDefault("1M")
    MemorySize maxEntrySize();

    /**
     * How long after it was received an answer may still be served as a stale fallback.
     */
    @WithDefault("1H")
    Duration maxStale();
}
