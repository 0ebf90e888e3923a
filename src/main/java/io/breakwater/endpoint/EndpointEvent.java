package io.breakwater.endpoint;

import java.time.Instant;

/**
 * An endpoint was ejected or served again, fired as an asynchronous CDI event; {@code appeared} and
 * {@code disappeared} as discovery finds or loses it are fired synchronously, so that its metrics exist before its
 * first call.
 *
 * @param until when an ejection ends; {@code null} for the other kinds
 */
public record EndpointEvent(Endpoint endpoint, Kind kind, Instant at, Instant until) {

    public enum Kind {
        APPEARED, DISAPPEARED, EJECTED, RETURNED
    }
}
