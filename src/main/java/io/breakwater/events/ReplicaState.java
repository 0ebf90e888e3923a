package io.breakwater.events;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One replica's breaker for one service, as written in {@code <prefix>:state:<service>}:
 * {@code {"state": "open", "since": "...", "updated_at": "..."}}. Written and read with Jackson ({@link RedisJson});
 * registered for reflection because it is read from Redis, which the native build does not see.
 *
 * @param state {@code closed}, {@code open} or {@code half_open}
 * @param since when that breaker entered the state
 * @param updatedAt when the replica last wrote it; entries not refreshed for {@code gateway.cluster.state-ttl}
 *        belong to a replica that is gone
 */
@RegisterForReflection
public record ReplicaState(String state, Instant since, Instant updatedAt) {

    /** The entry as written in the state hash. */
    public String toJson() {
        return RedisJson.write(this);
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not a replica state
     */
    public static ReplicaState parse(String json) {
        try {
            ReplicaState state = RedisJson.read(json, ReplicaState.class);
            if (state.state() == null || state.since() == null || state.updatedAt() == null) {
                throw new IllegalArgumentException("incomplete, state, since and updated_at are required");
            }
            return state;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a replica state: " + e.getMessage(), e);
        }
    }
}
