package io.breakwater.dashboard;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One breaker's calls per second, one value per sample interval, oldest first, ending at {@code lastSampleAt}.
 *
 * @param intervalSeconds time between two values
 * @param windowSeconds time the full series covers, once the gateway has run that long
 * @param lastSampleAt when the totals behind the newest value were read, {@code null} before the first sample
 * @param successes calls answered below 500
 * @param failures failed calls: 5xx, refused or reset connections, timeouts
 * @param rejected calls refused without calling the backend
 * @param lastMinute the same, averaged over the last minute
 */
@RegisterForReflection
public record RateSeries(double intervalSeconds, double windowSeconds, Instant lastSampleAt, List<Double> successes,
        List<Double> failures, List<Double> rejected, PerSecond lastMinute) {

    @RegisterForReflection
    public record PerSecond(double successes, double failures, double rejected) {
    }
}
