package io.breakwater.dashboard;

import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.events.InstanceId;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Without Redis the page still shows everything this replica knows: its own transitions, from memory, saying so,
 * and its own breakers among the replicas. And
 * with the admin token set, the page is told to offer the admin actions.
 */
@QuarkusTest
@TestProfile(RedisDownAdminOn.class)
@WithTestResource(StubBackends.class)
class DashboardWithoutRedisTest {

    private static final String CONTROL = "breakers.find { it.name == 'ControlAPI' }";

    @TestHTTPResource("/dashboard/stream")
    URI stream;

    @Stub("ControlAPI")
    StubBackend control;

    @Inject
    InstanceId instance;

    @BeforeEach
    void resetStub() {
        control.reset();
    }

    @Test
    void listsThisReplicasTransitionsFromItsMemory() {
        openBreaker(control, "control", CONTROL_FAIL_MAX);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/dashboard/snapshot")
                .then().statusCode(200)
                .body("transitions.source", equalTo("memory"))
                .body("transitions.unavailable", startsWith("Redis unreachable"))
                .body("transitions.events[0].service", equalTo("ControlAPI"))
                .body("transitions.events[0].from", equalTo("closed"))
                .body("transitions.events[0].to", equalTo("open"))
                .body("transitions.events[0].instance", equalTo(instance.value())));
        given().when().get("/dashboard/snapshot")
                .then().body(CONTROL + ".state", equalTo("open"))
                .body(CONTROL + ".replicas.name", equalTo(List.of(instance.value())))
                .body(CONTROL + ".replicas[0].state", equalTo("open"));
    }

    @Test
    void tellsThePageThatTheAdminApiIsOn() {
        given().when().get("/dashboard/snapshot").then().statusCode(200).body("admin_enabled", equalTo(true));
    }

    @Test
    void pushesATransitionAtOnceRatherThanOnTheNextTick() throws Exception {
        try (SnapshotStream snapshots = SnapshotStream.open(stream)) {
            JsonPath first = snapshots.next(Duration.ofSeconds(3));
            assertNotNull(first, "no snapshot when the page opened");
            assertEquals("closed", first.getString(CONTROL + ".state"));

            openBreaker(control, "control", CONTROL_FAIL_MAX);

            JsonPath pushed = snapshots.next(snapshot -> "open".equals(snapshot.getString(CONTROL + ".state")),
                    Duration.ofSeconds(3));
            assertNotNull(pushed, "the transition was not pushed; the next tick is an hour away");
        }
    }
}
