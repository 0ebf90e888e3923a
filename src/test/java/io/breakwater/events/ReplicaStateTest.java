package io.breakwater.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A replica's entry in the state hash: written as JSON with ISO-8601 times, read back, and rejected when it is not
 * one (the cluster view then removes it).
 */
class ReplicaStateTest {

    private static final String ENTRY = "{\"state\":\"open\",\"since\":\"2026-11-26T19:26:12.391085283Z\","
            + "\"updated_at\":\"2026-11-26T19:26:20Z\"}";

    @Test
    void writesStateSinceAndUpdatedAt() {
        ReplicaState state = new ReplicaState("open", Instant.parse("2026-11-26T19:26:12.391085283Z"),
                Instant.parse("2026-11-26T19:26:20Z"));

        assertEquals(ENTRY, state.toJson());
        assertEquals(state, ReplicaState.parse(state.toJson()));
    }

    @Test
    void readsAnEntryWhateverTheOrderOfItsFields() {
        ReplicaState state = ReplicaState.parse("{\"updated_at\":\"2026-11-26T19:26:20Z\",\"state\":\"half_open\","
                + "\"since\":\"2026-11-26T19:26:12Z\",\"version\":7}");

        assertEquals(new ReplicaState("half_open", Instant.parse("2026-11-26T19:26:12Z"),
                Instant.parse("2026-11-26T19:26:20Z")), state);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "{not json", "null", "[]", "{}",
            "{\"since\":\"2026-11-26T19:26:12Z\",\"updated_at\":\"2026-11-26T19:26:20Z\"}",
            "{\"state\":\"open\",\"updated_at\":\"2026-11-26T19:26:20Z\"}",
            "{\"state\":\"open\",\"since\":\"2026-11-26T19:26:12Z\"}",
            "{\"state\":\"open\",\"since\":\"a while ago\",\"updated_at\":\"2026-11-26T19:26:20Z\"}" })
    void rejectsWhatIsNotAReplicaState(String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReplicaState.parse(json));
        assertTrue(e.getMessage().startsWith("not a replica state"), e.getMessage());
    }
}
