package io.breakwater.events;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.breakwater.endpoint.EndpointEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An endpoint ejection or return as Redis holds it:
 * {@code {"service","endpoint","event":"ejected"|"returned","at","until","instance"}}, {@code until} only for an
 * ejection.
 * <p>
 * Written with Jackson ({@link RedisJson}); registered for reflection because it is written to Redis, which the native
 * build does not see.
 *
 * @param endpoint {@code host:port}
 */
@RegisterForReflection
public record EndpointRecord(String service, String endpoint, String event, Instant at, Instant until,
        String instance) {

    static EndpointRecord of(EndpointEvent event, String instance) {
        return new EndpointRecord(event.endpoint().service(), event.endpoint().label(),
                event.kind().name().toLowerCase(Locale.ROOT), event.at(), event.until(), instance);
    }

    public String toJson() {
        return RedisJson.write(this);
    }

    /** The record's fields in order, as written to the history stream; none for an absent {@code until}. */
    Map<String, String> fields() {
        Map<String, String> fields = RedisJson.fields(this);
        fields.values().removeIf(Objects::isNull);
        return fields;
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not an endpoint record
     */
    public static EndpointRecord parse(String json) {
        return RedisJson.read(json, EndpointRecord.class);
    }
}
