package io.breakwater.events;

import java.time.Instant;

import io.vertx.core.json.JsonObject;

/**
 * One replica's breaker for one service, as written in {@code <prefix>:state:<service>}:
 * {@code {"state": "open", "since": "...", "updated_at": "..."}}.
 *
 * @param state {@code closed}, {@code open} or {@code half_open}
 * @param since when that breaker entered the state
 * @param updatedAt when the replica last wrote it; entries not refreshed for {@code gateway.cluster.state-ttl}
 *        belong to a replica that is gone
 */
public record ReplicaState(String state, Instant since, Instant updatedAt) {

    public JsonObject toJson() {
        return new JsonObject().put("state", state).put("since", since.toString())
                .put("updated_at", updatedAt.toString());
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not a replica state
     */
    public static ReplicaState parse(String json) {
        try {
            JsonObject state = new JsonObject(json);
            return new ReplicaState(state.getString("state"), Instant.parse(state.getString("since")),
                    Instant.parse(state.getString("updated_at")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a replica state: " + e.getMessage(), e);
        }
    }
}
