package io.breakwater.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.breaker.BreakerOverridden;
import io.breakwater.breaker.BreakerState;
import io.breakwater.breaker.BreakerStateChanged;
import io.breakwater.breaker.OverrideAction;

/**
 * What a breaker event looks like on Redis, as JSON on the channel and as fields of a stream entry, and what is not
 * taken for one.
 */
class BreakerEventTest {

    private static final Instant AT = Instant.parse("2026-11-26T19:26:12.391Z");
    private static final Instant UNTIL = Instant.parse("2026-11-26T19:36:12Z");
    private static final String TRANSITION = "{\"service\":\"ControlAPI\",\"from\":\"closed\",\"to\":\"open\","
            + "\"at\":\"2026-11-26T19:26:12.391Z\",\"instance\":\"breakwater-7d9f-x2k4q\"}";

    @Test
    void writesATransitionAsItsFiveFieldsInOrder() {
        BreakerEvent event = BreakerEvent.of(
                new BreakerStateChanged("ControlAPI", BreakerState.HALF_OPEN, BreakerState.CLOSED, AT, 3, null),
                "breakwater-7d9f-x2k4q");

        assertEquals(TRANSITION.replace("\"closed\"", "\"half_open\"").replace("\"open\"", "\"closed\""),
                event.toJson());
        assertEquals(List.of("service", "from", "to", "at", "instance"), List.copyOf(event.fields().keySet()));
        assertEquals("2026-11-26T19:26:12.391Z", event.fields().get("at"));
        assertFalse(event.hasOverride());
    }

    @Test
    void aTransitionToOpenAddsWhenItsWindowEnds() {
        BreakerEvent event = BreakerEvent.of(
                new BreakerStateChanged("ControlAPI", BreakerState.CLOSED, BreakerState.OPEN, AT, 1, UNTIL),
                "breakwater-7d9f-x2k4q");

        assertEquals(TRANSITION.replace("}", ",\"until\":\"2026-11-26T19:36:12Z\"}"), event.toJson());
        assertEquals(List.of("service", "from", "to", "at", "instance", "until"),
                List.copyOf(event.fields().keySet()));
        assertEquals(event, BreakerEvent.fromFields(event.fields()));
        assertFalse(event.hasOverride());
    }

    @Test
    void readsBackWhatItWrote() {
        BreakerEvent event = BreakerEvent.transition("DataAPI", "half_open", "closed",
                Instant.parse("2026-11-26T19:26:12.391085283Z"), "replica-1", null);

        assertEquals(event, BreakerEvent.parse(event.toJson()));
        assertEquals(event, BreakerEvent.fromFields(event.fields()));
        assertEquals(event, BreakerEvent.parse(TRANSITION.replace("ControlAPI", "DataAPI")
                .replace("\"closed\"", "\"half_open\"").replace("\"open\"", "\"closed\"")
                .replace("12.391Z", "12.391085283Z").replace("breakwater-7d9f-x2k4q", "replica-1")));
    }

    @Test
    void carriesAnOverrideWithWhoWhyAndUntilWhen() {
        BreakerEvent event = BreakerEvent.of(new BreakerOverridden("ControlAPI", OverrideAction.FORCE_OPEN,
                BreakerState.CLOSED, UNTIL, "alice", "database migration", AT), "replica-1");

        assertEquals("{\"service\":\"ControlAPI\",\"from\":\"closed\",\"to\":\"open\",\"at\":\"2026-11-26T19:26:12.391Z\","
                + "\"instance\":\"replica-1\",\"override\":\"force-open\",\"by\":\"alice\","
                + "\"reason\":\"database migration\",\"until\":\"2026-11-26T19:36:12Z\"}", event.toJson());
        assertEquals(List.of("service", "from", "to", "at", "instance", "override", "by", "reason", "until"),
                List.copyOf(event.fields().keySet()));
        BreakerEvent read = BreakerEvent.parse(event.toJson());
        assertEquals(event, read);
        assertEquals(event, BreakerEvent.fromFields(event.fields()));
        assertTrue(read.hasOverride());
        assertEquals(OverrideAction.FORCE_OPEN, read.overrideAction());
        assertEquals(UNTIL, read.until());
    }

    @Test
    void leavesOutTheEndOfAnOverrideThatHasNone() {
        BreakerEvent reset = BreakerEvent.of(new BreakerOverridden("ControlAPI", OverrideAction.RESET,
                BreakerState.OPEN, null, "admin", "backend fixed", AT), "replica-1");
        BreakerEvent lift = BreakerEvent.of(new BreakerOverridden("ControlAPI", OverrideAction.LIFT,
                BreakerState.HALF_OPEN, null, "bob", "(no reason given)", AT), "replica-1");

        assertEquals("closed", reset.to());
        assertEquals("half_open", lift.to(), "lifting an override leaves the breaker as it is");
        assertFalse(reset.fields().containsKey("until"), reset.fields().toString());
        assertFalse(reset.toJson().contains("until"), reset.toJson());
        assertNull(BreakerEvent.parse(reset.toJson()).until());
        assertEquals(OverrideAction.RESET, BreakerEvent.fromFields(reset.fields()).overrideAction());
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        BreakerEvent event = BreakerEvent.parse(TRANSITION.replace("}", ",\"region\":\"eu\",\"hops\":2}"));

        assertEquals(BreakerEvent.parse(TRANSITION), event);
    }

    @ParameterizedTest
    @ValueSource(strings = { "service", "to", "at", "instance" })
    void rejectsAnEventWithoutARequiredField(String field) {
        Map<String, String> fields = new LinkedHashMap<>(BreakerEvent.parse(TRANSITION).fields());
        fields.remove(field);

        assertThrows(IllegalArgumentException.class, () -> BreakerEvent.fromFields(fields));
        assertThrows(IllegalArgumentException.class,
                () -> BreakerEvent.parse(RedisJson.write(fields)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "{not json", "null", "[]", "\"open\"", "42", "{\"service\":{\"name\":\"x\"}}",
            "{\"service\":\"ControlAPI\",\"to\":\"open\",\"at\":\"yesterday\",\"instance\":\"r\"}",
            "{\"service\":\"ControlAPI\",\"to\":\"open\",\"at\":\"2026-11-26T19:26:12Z\",\"instance\":\"r\","
                    + "\"override\":\"blow-up\"}" })
    void rejectsWhatIsNotAnEvent(String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BreakerEvent.parse(message));
        assertTrue(e.getMessage().startsWith("not a breaker event"), e.getMessage());
    }

    @Test
    void rejectsStreamFieldsThatAreNotAnEvent() {
        Map<String, String> fields = new LinkedHashMap<>(BreakerEvent.parse(TRANSITION).fields());
        fields.put("until", "soon");

        assertThrows(IllegalArgumentException.class, () -> BreakerEvent.fromFields(fields));
        assertThrows(IllegalArgumentException.class, () -> BreakerEvent.fromFields(Map.of()));
    }
}
