package io.breakwater.breaker;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.breakwater.endpoint.Endpoint;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One breaker, read at one moment by {@link BreakerReports}: the one description of a breaker that
 * {@code /health/circuit-breakers}, the admin API and the dashboard serialise, each adding only what is its own
 * (replicas, rates). Its JSON is its components, snake_case, except the name: the health endpoint keys breakers by
 * it, and the dashboard's tiles add it.
 * <p>
 * Registered for reflection because Jackson reaches it only through views ({@code @JsonUnwrapped}) and generic maps
 * that the native build does not follow.
 *
 * @param name breaker name, e.g. {@code ControlAPI}
 * @param route where clients reach its backend, e.g. {@code /api/control}
 * @param state {@code closed}, {@code open} or {@code half_open}
 * @param since when it entered that state
 * @param failCounter failures in a row so far
 * @param failMax calls it judges the backend by: with a failure ratio of 1, the failures in a row that open it
 * @param failureRatio share of the last {@code failMax} calls that must have failed for it to open
 * @param resetTimeout seconds it stays open before the trial call
 * @param resetTimeoutMax longest open period in seconds, backing off after failed trial calls; {@code resetTimeout}
 *        when it does not back off
 * @param slowCallThresholdMs milliseconds past which a call's answer counts as a failure, or {@code null} if none
 * @param retryAfter while open, whole seconds until the trial call, else {@code null}
 * @param openedAt while open, when it opened, else {@code null}
 * @param successes calls answered below 500 since start-up
 * @param failures failed calls since start-up: 5xx, refused or reset connections, timeouts
 * @param rejected calls refused without calling the backend since start-up
 * @param heldOpen a hold refusing calls whatever the breaker says (another replica's open breaker, an operator's
 *        force-open, an open period backed off), or {@code null}
 * @param override an operator's force-open or force-close in force, or {@code null}
 * @param endpoints the backend's endpoints, each serving or ejected, with its calls
 */
@RegisterForReflection
public record BreakerReport(@JsonIgnore String name, String route, String state, Instant since, int failCounter,
        int failMax, double failureRatio, int resetTimeout, int resetTimeoutMax, Long slowCallThresholdMs,
        Long retryAfter, Instant openedAt, long successes,
        long failures, long rejected, Hold heldOpen, Override override, List<Endpoint.View> endpoints) {

    /**
     * @param until when the hold ends by itself
     * @param by who holds it: another replica ({@code replica:<name>}), an operator, {@code backoff} (a longer open
     *        period), {@code restored} (an open window from before a restart) or {@code cluster-trial} (another
     *        replica's trial call)
     * @param reason why
     * @param retryAfter whole seconds until it ends
     */
    @RegisterForReflection
    public record Hold(Instant until, String by, String reason, long retryAfter) {
    }

    /**
     * @param action {@code force-open} or {@code force-close}
     * @param until when it ends by itself
     * @param by who set it
     * @param reason why
     */
    @RegisterForReflection
    public record Override(String action, Instant until, String by, String reason) {
    }
}
