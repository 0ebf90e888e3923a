package io.breakwater.redis;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where and how breaker events are written to Redis. Redis itself is {@code quarkus.redis.*}.
 */
@ConfigMapping(prefix = "gateway.redis")
public interface RedisConfig {

    /**
     * Start of every key: {@code <prefix>:events} (pub/sub channel), {@code <prefix>:history} (stream) and
     * {@code <prefix>:state:<service>} (hash).
     */
    @WithDefault("circuit-breaker")
    @Pattern(regexp = "[^\\s*?\\[\\]]+", message = "must be a non-empty key prefix without spaces or glob "
            + "characters, but was '${validatedValue}'")
    String keyPrefix();

    /**
     * Events kept in memory while Redis cannot be reached, sent in order once it is back; beyond this the oldest
     * are dropped and counted in {@code circuit_breaker_events_dropped_total}.
     */
    @WithDefault("1000")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    int bufferSize();

    /**
     * Approximate number of events the history stream keeps ({@code XADD MAXLEN ~}).
     */
    @WithDefault("10000")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    long streamMaxLength();

    /**
     * Longest the gateway waits for Redis to answer one write before it keeps the event for later.
     */
    @WithDefault("2s")
    Duration commandTimeout();

    /**
     * Pause before trying Redis again after a failed write or a lost subscription.
     */
    @WithDefault("1s")
    Duration retryInterval();
}
