package io.breakwater.dashboard;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The live status page at {@code /dashboard}.
 */
@ConfigMapping(prefix = "gateway.dashboard")
public interface DashboardConfig {

    /**
     * How often each breaker's call counts are sampled; the sparklines show the rate between two samples. At least
     * 1s: the scheduler that samples looks at its clock once a second.
     */
    @WithDefault("5s")
    @DurationMin(seconds = 1, message = "must be at least 1s, but was ${validatedValue}")
    Duration sampleInterval();

    /**
     * How far back the sparklines reach.
     */
    @WithDefault("10m")
    @DurationMin(seconds = 1, message = "must be at least 1s, but was ${validatedValue}")
    Duration rateWindow();

    /**
     * How often an open page gets a fresh snapshot; it also gets one right after every transition.
     */
    @WithDefault("1s")
    @DurationMin(millis = 100, message = "must be at least 100ms, but was ${validatedValue}")
    Duration pushInterval();

    /**
     * How many of the latest transitions the page lists.
     */
    @WithDefault("20")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    @Max(value = 1000, message = "must be at most 1000, but was ${validatedValue}")
    int transitions();

    /**
     * How long the transitions read from Redis are reused, so that Redis is read once per period however many pages
     * are open.
     */
    @WithDefault("2s")
    Duration transitionsCache();

    /**
     * Samples kept per breaker: enough for one rate per interval over the whole window.
     */
    default int samplesKept() {
        return (int) Math.max(2, rateWindow().toMillis() / sampleInterval().toMillis() + 1);
    }
}
