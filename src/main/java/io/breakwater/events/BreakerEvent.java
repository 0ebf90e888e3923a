package io.breakwater.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.breakwater.breaker.BreakerOverridden;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.BreakerStateChanged;
import io.breakwater.breaker.OverrideAction;
import io.breakwater.redis.Redis;
import io.vertx.core.json.JsonObject;

/**
 * A breaker event as other tools and replicas see it on Redis. A transition is
 * {@code {"service": "ControlAPI", "from": "closed", "to": "open", "at": "<ISO-8601 UTC>", "instance": "<replica>"}};
 * an operator's override adds {@code override} ({@code force-open}, {@code force-close}, {@code reset},
 * {@code lift}), {@code by}, {@code reason} and, for force-open and force-close, {@code until}.
 *
 * @param override {@code null} for a transition
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakerEvent(String service, String from, String to, Instant at, String instance, String override,
        String by, String reason, Instant until) {

    public static BreakerEvent transition(String service, String from, String to, Instant at, String instance) {
        return new BreakerEvent(service, from, to, at, instance, null, null, null, null);
    }

    public static BreakerEvent of(BreakerStateChanged change, String instance) {
        return transition(change.service(), change.from().label(), change.to().label(), change.at(), instance);
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
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            new JsonObject(json).forEach(field -> fields.put(field.getKey(), String.valueOf(field.getValue())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a breaker event: " + e.getMessage(), e);
        }
        return fromFields(fields);
    }

    /**
     * Reads an event back from its {@linkplain #fields() fields}, as a stream entry holds them.
     *
     * @throws IllegalArgumentException if they are not an event's
     */
    public static BreakerEvent fromFields(Map<String, String> fields) {
        try {
            String until = fields.get("until");
            BreakerEvent event = new BreakerEvent(fields.get("service"), fields.get("from"), fields.get("to"),
                    Instant.parse(fields.get("at")), fields.get("instance"), fields.get("override"),
                    fields.get("by"), fields.get("reason"), until == null ? null : Instant.parse(until));
            if (event.service() == null || event.to() == null || event.instance() == null) {
                throw new IllegalArgumentException("incomplete event");
            }
            if (event.hasOverride()) {
                event.overrideAction();
            }
            return event;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a breaker event: " + e.getMessage(), e);
        }
    }

    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        fields().forEach(json::put);
        return json;
    }

    /** The event's fields in order, as written to the stream and the channel. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("service", service);
        fields.put("from", from);
        fields.put("to", to);
        fields.put("at", at.toString());
        fields.put("instance", instance);
        if (override != null) {
            fields.put("override", override);
            fields.put("by", by);
            fields.put("reason", reason);
            if (until != null) {
                fields.put("until", until.toString());
            }
        }
        return fields;
    }
}
