package io.breakwater.events;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.breakwater.testing.StubBackends.RESET_TIMEOUT_SECONDS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.breakwater.redis.Redis;
import io.breakwater.testing.History;
import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

/**
 * Every transition reaches Redis: published on the events channel, appended to the history stream in order, and
 * reflected in this replica's entry of the state hash.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHad", disabledReason = LocalRedis.NONE)
@QuarkusTest
@WithTestResource(StubBackends.class)
class RedisEventsTest {

    @Stub("ControlAPI")
    StubBackend control;

    @KeyPrefix
    String prefix;

    @Inject
    BreakerMonitor breakers;

    @Inject
    InstanceId instance;

    private TestRedis redis;

    @BeforeEach
    void connect() {
        control.reset();
        redis = TestRedis.connect(TestRedis.sharedUrl());
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void publishesEveryTransitionWithItsFields() throws Exception {
        List<JsonObject> published = new CopyOnWriteArrayList<>();
        TestRedis subscriber = TestRedis.connect(TestRedis.sharedUrl());
        try {
            subscriber.subscribe(prefix + ":events", message -> published.add(new JsonObject(message)));
            Instant started = Instant.now();

            runOneCycle();

            await().atMost(Duration.ofSeconds(10)).until(() -> published.stream()
                    .filter(event -> "ControlAPI".equals(event.getString("service"))).count() >= 3);
            List<JsonObject> control = published.stream()
                    .filter(event -> "ControlAPI".equals(event.getString("service"))).toList();
            assertTransitions(control, "closed", "open", "open", "half_open", "half_open", "closed");
            for (JsonObject event : control) {
                assertEquals(instance.value(), event.getString("instance"));
                Instant at = Instant.parse(event.getString("at"));
                if ("open".equals(event.getString("to"))) {
                    assertEquals(6, event.size(), "service, from, to, at, instance and until: " + event);
                    assertEquals(at.plusSeconds(RESET_TIMEOUT_SECONDS), Instant.parse(event.getString("until")),
                            "the window ends a reset timeout after it opened");
                } else {
                    assertEquals(5, event.size(), "exactly service, from, to, at, instance: " + event);
                }
                assertTrue(!at.isBefore(started.minusSeconds(1)) && event.getString("at").endsWith("Z"), at.toString());
            }
        } finally {
            subscriber.close();
        }
    }

    @Test
    void appendsTransitionsToTheHistoryStreamInOrder() {
        // the stream also holds what the tests before wrote under this key prefix, and a breaker reset before this
        // test may still be on its way there: only entries after the last one now, of transitions from now on
        Instant started = Instant.now();
        String last = History.lastId(redis, prefix);

        runOneCycle();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(
                List.of("closed>open", "open>half_open", "half_open>closed"),
                History.transitions(transitionsSince(last, started), "ControlAPI")));
        for (History.Entry entry : transitionsSince(last, started)) {
            assertEquals(instance.value(), entry.get("instance"), entry.toString());
        }
    }

    @Test
    void keepsThisReplicasStateInTheStateHash() {
        openBreaker(control, "control", CONTROL_FAIL_MAX);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response entry = redis.send(Command.HGET, prefix + ":state:ControlAPI", instance.value());
            assertNotNull(entry, "no state entry yet");
            ReplicaState state = ReplicaState.parse(entry.toString());
            assertEquals("open", state.state());
            assertEquals(breakers.status("ControlAPI").since(), state.since());
        });
        long ttl = redis.send(Command.TTL, prefix + ":state:ControlAPI").toLong();
        assertTrue(ttl > 0, "the state hash expires when no replica refreshes it, TTL was " + ttl);
    }

    private void runOneCycle() {
        openBreaker(control, "control", CONTROL_FAIL_MAX);
        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 8))
                .until(() -> breakers.status("ControlAPI").state() == BreakerState.HALF_OPEN);
        control.answer(200, "{}");
        call("/api/control/recovered").then().statusCode(200);
    }

    /** The ControlAPI transitions written after the entry {@code lastId} that happened at {@code started} or later. */
    private List<History.Entry> transitionsSince(String lastId, Instant started) {
        return History.readAfter(redis, prefix, lastId).stream()
                .filter(entry -> entry.isTransitionOf("ControlAPI") && !entry.at().isBefore(started))
                .toList();
    }

    private static void assertTransitions(List<JsonObject> events, String... fromTo) {
        assertEquals(fromTo.length / 2, events.size(), events.toString());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(fromTo[2 * i], events.get(i).getString("from"), events.toString());
            assertEquals(fromTo[2 * i + 1], events.get(i).getString("to"), events.toString());
        }
    }
}
