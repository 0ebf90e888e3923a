package io.breakwater.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.breakwater.breaker.BreakerStateChanged;
import io.vertx.core.json.JsonObject;

/**
 * A transition as other tools and replicas see it on Redis:
 * {@code {"service": "ControlAPI", "from": "closed", "to": "open", "at": "<ISO-8601 UTC>", "instance": "<replica>"}}.
 */
public record BreakerEvent(String service, String from, String to, Instant at, String instance) {

    static BreakerEvent of(BreakerStateChanged change, String instance) {
        return new BreakerEvent(change.service(), change.from().label(), change.to().label(), change.at(), instance);
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not an event
     */
    public static BreakerEvent parse(String json) {
        try {
            JsonObject event = new JsonObject(json);
            BreakerEvent parsed = new BreakerEvent(event.getString("service"), event.getString("from"),
                    event.getString("to"), Instant.parse(event.getString("at")), event.getString("instance"));
            if (parsed.service() == null || parsed.to() == null || parsed.instance() == null) {
                throw new IllegalArgumentException("incomplete event");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a breaker event: " + e.getMessage(), e);
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("service", service).put("from", from).put("to", to).put("at", at.toString())
                .put("instance", instance);
    }

    /** The event as the fields of a stream entry. */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("service", service);
        fields.put("from", from);
        fields.put("to", to);
        fields.put("at", at.toString());
        fields.put("instance", instance);
        return fields;
    }
}
