package io.breakwater.backend;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.time.DurationMin;

import io.breakwater.endpoint.EndpointsConfig;
import io.breakwater.retry.RetryConfig;
import io.smallrye.config.WithDefault;

/**
 * Tuning every backend shares. Each backend binds it under its own prefix, so {@code control-api.fail-max}
 * is set by the environment variable {@code CONTROL_API_FAIL_MAX}.
 */
public interface BackendConfig extends EndpointsConfig, RetryConfig {

    /** What a bad {@link #failureRatio} is told. */
    String RATIO = "must be more than 0 and at most 1, but was ${validatedValue}";

    /**
     * Base URL of the backend, e.g. {@code http://control-api:8080}; a request to {@code /api/<route>/x?y}
     * goes to {@code <url>/x?y}. Several URLs separated by commas, with the same scheme, base path and credentials,
     * are endpoints of one backend that share its calls. Credentials in it ({@code http://user:password@host}) are
     * sent to the backend as Basic authorization and never shown. Required outside dev mode.
     */
    @BackendUrl
    String url();

    /**
     * Calls the breaker judges the backend by: with {@code failure-ratio} 1.0, the failed calls in a row (5xx answers,
     * refused or reset connections, timeouts) that open it; with less, the last calls whose failed share it weighs.
     */
    @WithDefault("5")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    int failMax();

    /**
     * Share of the last {@code fail-max} calls that must have failed for the breaker to open, more than 0 and at most
     * 1: with 1.0 that is {@code fail-max} failures in a row; with 0.5 and a {@code fail-max} of 10, five failures
     * among the last ten calls.
     */
    @WithDefault("1.0")
    @DecimalMin(value = "0", inclusive = false, message = RATIO)
    @DecimalMax(value = "1", message = RATIO)
    double failureRatio();

    /**
     * Seconds the breaker stays open before it lets one trial call through (half-open).
     */
    @WithDefault("30")
    @Min(value = 1, message = "must be at least 1 second, but was ${validatedValue}")
    int resetTimeout();

    /**
     * Longest open period, in seconds: each failed trial call doubles the next one, from {@code reset-timeout} up to
     * this; a successful trial call starts again from {@code reset-timeout}. Unset, it is {@code reset-timeout}: no
     * backing off. Less than {@code reset-timeout} stops start-up.
     */
    OptionalInt resetTimeoutMax();

    /** {@code reset-timeout-max}, or {@code reset-timeout} where it is unset. */
    default int longestOpenPeriod() {
        return resetTimeoutMax().orElse(resetTimeout());
    }

    /**
     * Seconds from accepting a call to the backend's answer's head (status and headers), waiting for a place in the
     * bulkhead and for a connection included; the time the client takes to send its request body does not count.
     * Past it the call is abandoned with 504 and counted as a failure.
     */
    @WithDefault("10")
    @Min(value = 1, message = "must be at least 1 second, but was ${validatedValue}")
    int timeout();

    /**
     * A call whose answer's head takes longer than this, from sending the request (the client's time to send its body
     * left out), counts as a failure for the breaker, while its answer still reaches the client; a call still waiting
     * counts as soon as it passes it, so that a backend that hangs opens its breaker before its calls time out. A
     * duration such as {@code 2s} or {@code 500ms}, less than {@code timeout}. Unset, no call counts as slow.
     */
    Optional<@DurationMin(millis = 1, message = "must be more than 0, but was ${validatedValue}") Duration>
            slowCallThreshold();

    /**
     * Seconds a body may go without a byte moving, in either direction, once it is on its way: a backend that
     * stops sending its answer, or a client that stops sending its request or reading its answer, is cut off.
     */
    @WithDefault("30")
    @Min(value = 1, message = "must be at least 1 second, but was ${validatedValue}")
    int bodyIdleTimeout();

    /**
     * Calls to this backend that may be in flight at once, so that one slow backend cannot tie up the gateway's
     * connections and memory; more calls wait, up to {@code max-waiting}, and beyond that are refused with 503.
     */
    @WithDefault("200")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    int maxConcurrent();

    /**
     * Connections to the backend each event loop keeps open at most. Unset, it is {@code max-concurrent}: a call the
     * bulkhead lets through never waits for a connection, whichever event loop it is on. A smaller value stops
     * start-up.
     */
    OptionalInt connectionPoolSize();

    /**
     * Name of a Quarkus TLS configuration ({@code quarkus.tls.<name>.*}: trust store, client certificate) for an
     * {@code https://} backend; unset, the default one if configured, else the JVM's trusted authorities.
     */
    Optional<String> tlsConfigurationName();

    /**
     * Calls that may wait for one of the {@code max-concurrent} places before being refused with 503.
     */
    @WithDefault("100")
    @Min(value = 1, message = "must be at least 1, but was ${validatedValue}")
    int maxWaiting();

    /**
     * Path of the backend's own health endpoint, probed lightly by {@code GET /health/dependencies}.
     */
    @WithDefault("/health")
    @Pattern(regexp = "/[^?#\\s]*", message = "must be a path starting with /, but was '${validatedValue}'")
    String healthPath();

    /**
     * Whether the gateway is of no use without this backend: when its breaker is open, the pod reports itself not
     * ready. Leave it off unless every route of the gateway needs this backend, or one sick backend takes the
     * whole gateway out of its Service.
     */
    @WithDefault("false")
    boolean critical();
}
