package io.breakwater.events;

import static io.breakwater.testing.GatewayCalls.call;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.redis.client.Command;

/**
 * With shared breaking on, another replica's open breaker (an event on the channel) makes this replica refuse calls
 * to that backend without calling it, until the other breaker closes; when its window ends, this replica, whose own
 * breaker is closed, waits for that replica's trial call rather than send calls itself, as long as a trial call may
 * take.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHad", disabledReason = LocalRedis.NONE)
@QuarkusTest
@TestProfile(SharedBreakingTest.SharedState.class)
@WithTestResource(StubBackends.class)
class SharedBreakingTest {

    /** A window long enough for the test to look at the hold while it lasts. */
    static final int RESET_TIMEOUT_SECONDS = 10;
    /** The longest a trial call may take, so the longest this replica waits for another's after a window. */
    static final int TIMEOUT_SECONDS = 5;

    public static class SharedState implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.cluster.shared-state", "true",
                    "control-api.reset-timeout", String.valueOf(RESET_TIMEOUT_SECONDS),
                    "control-api.timeout", String.valueOf(TIMEOUT_SECONDS));
        }
    }

    @Stub("ControlAPI")
    StubBackend control;

    @KeyPrefix
    String prefix;

    private TestRedis redis;

    @BeforeEach
    void connectOnceTheGatewayListens() {
        // the first calls after start-up can take seconds on a busy machine, longer than the windows timed here
        call("/api/data/warm-up").then().statusCode(200);
        control.reset();
        redis = TestRedis.connect(TestRedis.sharedUrl());
        redis.awaitSubscribers(prefix + ":events", 1);
    }

    @AfterEach
    void releaseHolds() {
        publish("open", "closed", Instant.now());
        redis.close();
    }

    @Test
    void refusesCallsWhileAnotherReplicasBreakerIsOpen() {
        publish("closed", "open", Instant.now());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> call("/api/control/shared")
                .then().statusCode(503)
                .body("service", equalTo("ControlAPI"))
                .body("retry_after", lessThanOrEqualTo(RESET_TIMEOUT_SECONDS)));
        assertEquals(0, control.calls(), "no call reaches a backend another replica found dead");
        given().when().get("/health/circuit-breakers")
                .then().statusCode(200)
                .body("circuit_breakers.ControlAPI.state", equalTo("closed"))
                .body("circuit_breakers.ControlAPI.reset_timeout", equalTo(RESET_TIMEOUT_SECONDS))
                .body("circuit_breakers.ControlAPI.held_open.by", equalTo("replica:replica-x"));
        call("/api/data/shared").then().statusCode(200);
    }

    @Test
    void resumesWhenTheOtherBreakerCloses() {
        publish("closed", "open", Instant.now());
        await().atMost(Duration.ofSeconds(5)).until(() -> call("/api/control/shared").statusCode() == 503);

        publish("half_open", "closed", Instant.now());

        await().atMost(Duration.ofSeconds(5)).until(() -> call("/api/control/shared").statusCode() == 200);
    }

    @Test
    void afterTheWindowWaitsForTheOtherReplicasTrialCall() {
        publish("closed", "open", Instant.now().minusSeconds(RESET_TIMEOUT_SECONDS).plusSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> call("/api/control/shared").statusCode() == 503);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/health/circuit-breakers")
                .then().body("circuit_breakers.ControlAPI.held_open.by", equalTo("cluster-trial")));
        call("/api/control/shared").then().statusCode(503);
        publish("half_open", "closed", Instant.now());

        await().atMost(Duration.ofSeconds(5)).until(() -> call("/api/control/shared").statusCode() == 200);
        assertEquals(1, control.calls());
    }

    @Test
    void resumesWhenNoTrialCallResultComesInTime() {
        publish("closed", "open", Instant.now().minusSeconds(RESET_TIMEOUT_SECONDS).plusSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> call("/api/control/shared").statusCode() == 503);

        // the window's end, then a trial call's timeout and a second more
        await().atMost(Duration.ofSeconds(1 + TIMEOUT_SECONDS + 6)).until(() -> call("/api/control/shared")
                .statusCode() == 200);
    }

    @Test
    void ignoresMessagesThatAreNotEventsAndKeepsListening() {
        redis.send(Command.PUBLISH, prefix + ":events", "{not json");
        redis.send(Command.PUBLISH, prefix + ":events", "{\"service\":\"NoSuchAPI\",\"from\":\"closed\","
                + "\"to\":\"open\",\"at\":\"" + Instant.now() + "\",\"instance\":\"replica-x\"}");
        // Redis delivers a channel's messages in order: once this event is applied, the two before it were handled
        publish("closed", "open", Instant.now());

        await().atMost(Duration.ofSeconds(5)).until(() -> call("/api/control/shared").statusCode() == 503);
        given().when().get("/health/circuit-breakers")
                .then().statusCode(200)
                .body("circuit_breakers", not(hasKey("NoSuchAPI")))
                .body("circuit_breakers.ControlAPI.held_open.by", equalTo("replica:replica-x"));
        assertEquals(0, control.calls());
    }

    private void publish(String from, String to, Instant at) {
        BreakerEvent event = BreakerEvent.transition("ControlAPI", from, to, at, "replica-x", null);
        redis.send(Command.PUBLISH, prefix + ":events", event.toJson());
    }
}
