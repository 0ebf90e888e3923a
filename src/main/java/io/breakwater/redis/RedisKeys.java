package io.breakwater.redis;

import jakarta.inject.Singleton;

/**
 * The names of the Redis keys breaker and endpoint events live under.
 */
@Singleton
public class RedisKeys {

    private final String prefix;

    RedisKeys(RedisConfig config) {
        this.prefix = config.keyPrefix();
    }

    /** Pub/sub channel every transition is published on. */
    public String events() {
        return prefix + ":events";
    }

    /** Stream of every transition, capped. */
    public String history() {
        return prefix + ":history";
    }

    /** Pub/sub channel every endpoint ejection and return is published on. */
    public String endpointEvents() {
        return prefix + ":endpoint-events";
    }

    /** Stream of every endpoint ejection and return, capped. */
    public String endpointHistory() {
        return prefix + ":endpoint-history";
    }

    /** Which replica sends one service's next trial call, while it does (shared state). */
    public String trial(String service) {
        return prefix + ":trial:" + service;
    }

    /** Hash of one service's breaker state on each replica, by replica name. */
    public String state(String service) {
        return prefix + ":state:" + service;
    }
}
