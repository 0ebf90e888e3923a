package io.breakwater.health;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the gateway checks the services it depends on for {@code /health/dependencies} and readiness.
 */
@ConfigMapping(prefix = "gateway.health")
public interface HealthConfig {

    /**
     * Longest a probe of a backend's health path or of Redis may take before the dependency counts as down.
     */
    @WithDefault("800ms")
    Duration probeTimeout();

    /**
     * How long a probe's result is reused, so that however often the health endpoints are polled, each dependency
     * is probed at most once per this period.
     */
    @WithDefault("5s")
    Duration probeCache();
}
