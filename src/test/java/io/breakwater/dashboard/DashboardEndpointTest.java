package io.breakwater.dashboard;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.breakwater.testing.StubBackends.RESET_TIMEOUT_SECONDS;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.events.InstanceId;
import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Command;

/**
 * The page's files and the snapshots behind it: each breaker's state and countdown, call rates that follow the calls,
 * transitions from Redis, and the live stream.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHad", disabledReason = LocalRedis.NONE)
@QuarkusTest
@WithTestResource(StubBackends.class)
class DashboardEndpointTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]*)\"");
    private static final String CONTROL = "breakers.find { it.name == 'ControlAPI' }";

    @TestHTTPResource("/dashboard/stream")
    URI stream;

    @Stub("ControlAPI")
    StubBackend control;

    @KeyPrefix
    String prefix;

    @Inject
    InstanceId instance;

    @BeforeEach
    void resetStub() {
        control.reset();
    }

    @Test
    void servesThePageAndEveryFileItNeedsItself() {
        given().redirects().follow(false).when().get("/dashboard")
                .then().statusCode(302).header("Location", "dashboard/");
        String page = given().when().get("/dashboard/")
                .then().statusCode(200).contentType(startsWith("text/html")).extract().asString();

        Matcher assets = ASSET.matcher(page);
        int count = 0;
        while (assets.find()) {
            String asset = assets.group(1);
            if (asset.startsWith("data:")) {
                continue;
            }
            assertFalse(asset.contains("//") || asset.startsWith("/"), "not from the page's own gateway: " + asset);
            given().when().get("/dashboard/" + asset).then().statusCode(200);
            count++;
        }
        assertEquals(2, count, "the stylesheet and the script");
    }

    @Test
    void describesEachBreaker() {
        given().when().get("/dashboard/snapshot")
                .then().statusCode(200)
                .body("instance", equalTo(instance.value()))
                .body("admin_enabled", equalTo(false))
                .body("breakers.name", equalTo(List.of("ControlAPI", "DataAPI")))
                .body(CONTROL + ".route", equalTo("/api/control"))
                .body(CONTROL + ".state", equalTo("closed"))
                .body(CONTROL + ".retry_after", nullValue())
                .body(CONTROL + ".fail_counter", equalTo(0))
                .body(CONTROL + ".fail_max", equalTo(CONTROL_FAIL_MAX))
                .body(CONTROL + ".reset_timeout", equalTo(RESET_TIMEOUT_SECONDS))
                .body(CONTROL + ".held_open", nullValue())
                .body(CONTROL + ".rates.interval_seconds", equalTo(1.0f))
                .body(CONTROL + ".rates.window_seconds", equalTo(600.0f));
        given().when().get("/dashboard/snapshot")
                .then().body(CONTROL + ".replicas.findAll { it.self }.name", equalTo(List.of(instance.value())))
                .body(CONTROL + ".replicas.find { it.self }.state", equalTo("closed"));
        given().when().get("/dashboard/snapshot")
                .then().body(CONTROL + ".endpoints.url", equalTo(List.of(control.url())))
                .body(CONTROL + ".endpoints[0].state", equalTo("serving"))
                .body(CONTROL + ".endpoints[0].ejected_until", nullValue());
    }

    @Test
    void showsAnOpenBreakerWithTheSecondsToItsTrialCall() {
        int rejectedBefore = snapshot().getInt(CONTROL + ".rejected");
        openBreaker(control, "control", CONTROL_FAIL_MAX);

        given().when().get("/dashboard/snapshot")
                .then().statusCode(200)
                .body(CONTROL + ".state", equalTo("open"))
                .body(CONTROL + ".replicas.find { it.self }.state", equalTo("open"))
                .body(CONTROL + ".retry_after",
                        allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(RESET_TIMEOUT_SECONDS)))
                .body(CONTROL + ".fail_counter", equalTo(CONTROL_FAIL_MAX))
                .body(CONTROL + ".rejected", equalTo(rejectedBefore + 1))
                .body("breakers.find { it.name == 'DataAPI' }.state", equalTo("closed"));
    }

    @Test
    void ratesRiseWithFailuresAndFallBackWhenTheyStop() {
        await().atMost(Duration.ofSeconds(5)).until(() -> latestFailureRate(snapshot()) == 0);
        control.answer(500, "{}");
        for (int i = 0; i < CONTROL_FAIL_MAX - 1; i++) {
            call("/api/control/fail").then().statusCode(500);
        }

        JsonPath rising = await().atMost(Duration.ofSeconds(5)).until(DashboardEndpointTest::snapshot,
                snapshot -> latestFailureRate(snapshot) > 0);
        assertTrue(rising.getDouble(CONTROL + ".rates.last_minute.failures") > 0, rising.prettify());
        await().atMost(Duration.ofSeconds(5)).until(() -> latestFailureRate(snapshot()) == 0);
    }

    @Test
    void listsTransitionsOfEveryReplicaFromRedis() {
        Instant elsewhere = Instant.now().minusSeconds(1);
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            redis.send(Command.XADD, prefix + ":history", "*", "service", "DataAPI", "from", "closed", "to", "open",
                    "at", elsewhere.toString(), "instance", "breakwater-elsewhere");
        }
        openBreaker(control, "control", CONTROL_FAIL_MAX);

        JsonPath transitions = snapshot().setRootPath("transitions");
        assertEquals("ControlAPI", transitions.getString("events[0].service"), "this replica's own, at once");
        assertEquals("open", transitions.getString("events[0].to"));
        assertEquals(instance.value(), transitions.getString("events[0].instance"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().when().get("/dashboard/snapshot")
                .then().body("transitions.source", equalTo("redis"))
                .body("transitions.unavailable", nullValue())
                .body("transitions.events", hasItem(Map.of("service", "DataAPI", "from", "closed", "to", "open",
                        "at", elsewhere.toString(), "instance", "breakwater-elsewhere"))));
    }

    @Test
    void streamsASnapshotEverySecond() throws Exception {
        try (SnapshotStream snapshots = SnapshotStream.open(stream)) {
            assertEquals(200, snapshots.response().statusCode());
            assertEquals("text/event-stream", snapshots.response().headers().firstValue("Content-Type").orElseThrow());
            JsonPath first = snapshots.next(Duration.ofSeconds(3));
            assertNotNull(first, "no snapshot at once");
            assertEquals(List.of("ControlAPI", "DataAPI"), first.getList("breakers.name"));
            JsonPath last = first;
            for (int second = 1; second <= 4; second++) {
                JsonPath next = snapshots.next(Duration.ofSeconds(3));
                assertNotNull(next, "no snapshot " + second + " s later");
                assertTrue(Instant.parse(next.getString("at")).isAfter(Instant.parse(last.getString("at"))));
                last = next;
            }
            // four seconds: a tick late on a busy machine is made up by the next (they keep a fixed rate), a dropped
            // one makes five, and a transition of an earlier test still on its way adds a snapshot of its own
            Duration fourTicks = Duration.between(Instant.parse(first.getString("at")),
                    Instant.parse(last.getString("at")));
            assertTrue(fourTicks.compareTo(Duration.ofMillis(2500)) >= 0
                    && fourTicks.compareTo(Duration.ofSeconds(6)) <= 0,
                    "five snapshots in " + fourTicks.toMillis() + " ms");

            openBreaker(control, "control", CONTROL_FAIL_MAX);
            assertNotNull(snapshots.next(snapshot -> "open".equals(snapshot.getString(CONTROL + ".state")),
                    Duration.ofSeconds(3)), "the open breaker was not streamed");
        }
    }

    private static JsonPath snapshot() {
        return given().when().get("/dashboard/snapshot").then().statusCode(200).extract().jsonPath();
    }

    private static double latestFailureRate(JsonPath snapshot) {
        List<Float> failures = snapshot.getList(CONTROL + ".rates.failures", Float.class);
        return failures.isEmpty() ? 0 : failures.get(failures.size() - 1);
    }
}
