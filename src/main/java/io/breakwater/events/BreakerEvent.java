package io.breakwater.events;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.breakwater.backend.Backend;
import io.breakwater.breaker.BreakerOverridden;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.BreakerStateChanged;
import io.breakwater.breaker.OverrideAction;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A breaker event as other tools and replicas see it on Redis. A transition is
 * {@code {"service": "ControlAPI", "from": "closed", "to": "open", "at": "<ISO-8601 UTC>", "instance": "<replica>"}},
 * and a transition to {@code open} adds {@code until}, when that open period ends and the trial call is let through;
 * an operator's override adds {@code override} ({@code force-open}, {@code force-close}, {@code reset},
 * {@code lift}), {@code by}, {@code reason} and, for force-open and force-close, {@code until}.
 * <p>
 * Written and read with Jackson ({@link RedisJson}); registered for reflection because it is written to Redis and
 * read from it, which the native build does not see, besides appearing in the dashboard's snapshots.
 *
 * @param override {@code null} for a transition
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakerEvent(String service, String from, String to, Instant at, String instance, String override,
        String by, String reason, Instant until) {

    /**
     * @param until for a transition to {@code open}, when that open period ends; else {@code null}
     */
    public static BreakerEvent transition(String service, String from, String to, Instant at, String instance,
            Instant until) {
        return new BreakerEvent(service, from, to, at, instance, null, null, null, until);
    }

    public static BreakerEvent of(BreakerStateChanged change, String instance) {
        return transition(change.service(), change.from().label(), change.to().label(), change.at(), instance,
                change.openUntil());
    }

    public static BreakerEvent of(BreakerOverridden overridden, String instance) {
        String to = switch (overridden.action()) {
            case FORCE_OPEN -> BreakerState.OPEN.label();
            case FORCE_CLOSE, RESET -> BreakerState.CLOSED.label();
            case LIFT -> overridden.state().label();
        };
        return new BreakerEvent(overridden.service(), overridden.state().label(), to, overridden.at(), instance,
                overridden.action().label(), overridden.by(), overridden.reason(), overridden.until());
    }

    /**
     * For a transition to {@code open} of {@code backend}'s breaker: when its open window ends, {@code until}, or the
     * reset timeout after it for an event written before events carried {@code until}.
     */
    Instant windowEnd(Backend backend) {
        return until != null ? until : at.plusSeconds(backend.config().resetTimeout());
    }

    public boolean hasOverride() {
        return override != null;
    }

    public OverrideAction overrideAction() {
        return OverrideAction.ofLabel(override);
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not an event
     */
    public static BreakerEvent parse(String json) {
        try {
            return RedisJson.read(json, BreakerEvent.class).checked();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a breaker event: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an event back from its {@linkplain #fields() fields}, as a stream entry holds them.
     *
     * @throws IllegalArgumentException if they are not an event's
     */
    public static BreakerEvent fromFields(Map<String, String> fields) {
        try {
            return RedisJson.fromFields(fields, BreakerEvent.class).checked();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a breaker event: " + e.getMessage(), e);
        }
    }

    /** The event as published on the channel. */
    public String toJson() {
        return RedisJson.write(this);
    }

    /** The event's fields in order, as written to the history stream. */
    Map<String, String> fields() {
        return RedisJson.fields(this);
    }

    private BreakerEvent checked() {
        if (service == null || to == null || at == null || instance == null) {
            throw new IllegalArgumentException("incomplete event, service, to, at and instance are required");
        }
        if (hasOverride()) {
            overrideAction();
        }
        return this;
    }
}
