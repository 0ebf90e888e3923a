package io.breakwater.endpoint;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/**
 * How a backend's endpoints are found, chosen and set aside, under the backend's prefix: {@code control-api.discovery}
 * is set by {@code CONTROL_API_DISCOVERY}.
 */
public interface EndpointsConfig {

    /** How a backend's endpoints are found. */
    enum Discovery {
        /** The URLs as written. */
        STATIC,
        /** The URL's host name, resolved to all its A and AAAA records: a Kubernetes headless Service. */
        DNS
    }

    /** How a call's endpoint is chosen among those serving. */
    enum LoadBalancing {
        /** Of two endpoints picked at random, the one with fewer calls in flight. */
        LEAST_REQUESTS,
        /** Each in turn. */
        ROUND_ROBIN
    }

    /**
     * {@code static}: the endpoints are the URLs of {@code url} as written. {@code dns}: {@code url} is one URL whose
     * host name is resolved to all its A and AAAA records, again every {@code discovery-refresh}.
     */
    @WithDefault("static")
    Discovery discovery();

    /** How often {@code dns} discovery resolves the host name again. */
    @WithDefault("10s")
    @DurationMin(seconds = 1, message = "must be at least 1 second, but was ${validatedValue}")
    Duration discoveryRefresh();

    /**
     * {@code least-requests}: of two endpoints picked at random, the one with fewer calls in flight;
     * {@code round-robin}: each in turn.
     */
    @WithDefault("least-requests")
    LoadBalancing loadBalancer();

    /**
     * Failures in a row of one endpoint (5xx answers, refused or reset connections, timeouts, slow calls) that eject
     * it: it gets no calls for {@code eject-time}.
     */
    @WithDefault("5")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    int ejectAfter();

    /**
     * How long an endpoint's first ejection lasts; each further one in a row, with no good call in between, lasts
     * twice as long as the one before, up to {@code eject-time-max}.
     */
    @WithDefault("30s")
    @DurationMin(seconds = 1, message = "must be at least 1 second, but was ${validatedValue}")
    Duration ejectTime();

    /** Longest an ejection lasts; less than {@code eject-time} stops start-up. */
    @WithDefault("300s")
    @DurationMin(seconds = 1, message = "must be at least 1 second, but was ${validatedValue}")
    Duration ejectTimeMax();

    /**
     * Most endpoints ejected at once, as a percentage of them, rounded down but at least one of two or more; 0
     * ejects none. A backend of one endpoint is never ejected: its breaker does that job.
     */
    @WithDefault("50")
    @Min(value = 0, message = "must be between 0 and 100, but was ${validatedValue}")
    @Max(value = 100, message = "must be between 0 and 100, but was ${validatedValue}")
    int maxEjectedPercent();
}
