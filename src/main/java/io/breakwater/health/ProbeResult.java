package io.breakwater.health;

import java.time.Instant;

/**
 * What one probe of a dependency found.
 *
 * @param status {@code UP} or {@code DOWN}; {@code UNKNOWN} before the first probe has ended
 * @param latencyMs how long the probe took, or {@code null} if none has run
 * @param detail why the dependency is down, in words that name no internal address
 * @param checkedAt when the probe ended
 */
public record ProbeResult(String status, Long latencyMs, String detail, Instant checkedAt) {

    public static final ProbeResult UNKNOWN = new ProbeResult("UNKNOWN", null, "not probed yet", null);

    static ProbeResult up(long latencyMs, Instant at) {
        return new ProbeResult("UP", latencyMs, null, at);
    }

    static ProbeResult down(long latencyMs, String detail, Instant at) {
        return new ProbeResult("DOWN", latencyMs, detail, at);
    }

    public boolean isUp() {
        return "UP".equals(status);
    }
}
