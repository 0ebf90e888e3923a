package io.breakwater.overload;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Load shedding when memory runs short: past a threshold the gateway refuses new requests and connections instead
 * of growing into an {@code OutOfMemoryError}, as Envoy's overload manager does.
 */
@ConfigMapping(prefix = "gateway.overload")
public interface OverloadConfig {

    /**
     * Whether the gateway sheds load when memory runs short.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Share of the maximum heap still in use after the last garbage collection at which shedding starts.
     */
    @WithDefault("0.90")
    @DecimalMin(value = "0.1", message = "must be between 0.1 and 1, but was ${validatedValue}")
    @DecimalMax(value = "1", message = "must be between 0.1 and 1, but was ${validatedValue}")
    double heapThreshold();

    /**
     * Share of the maximum direct memory (network buffers, {@code -XX:MaxDirectMemorySize}) in use at which shedding
     * starts. Netty reserves it in chunks of 4 MiB, an eighth of the shipped 32 MiB, hence a lower default than the
     * heap's.
     */
    @WithDefault("0.85")
    @DecimalMin(value = "0.1", message = "must be between 0.1 and 1, but was ${validatedValue}")
    @DecimalMax(value = "1", message = "must be between 0.1 and 1, but was ${validatedValue}")
    double directMemoryThreshold();

    /**
     * Shedding stops once every kind of memory is this far below its threshold, so that it does not switch on and
     * off with every collection.
     */
    @WithDefault("0.10")
    @DecimalMin(value = "0.01", message = "must be between 0.01 and 0.5, but was ${validatedValue}")
    @DecimalMax(value = "0.5", message = "must be between 0.01 and 0.5, but was ${validatedValue}")
    double recoveryMargin();

    /**
     * How often memory in use is looked at.
     */
    @WithDefault("100ms")
    @DurationMin(millis = 10, message = "must be at least 10ms, but was ${validatedValue}")
    Duration checkInterval();
}
