package io.breakwater.admin;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.breakwater.testing.History;
import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;

@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHad", disabledReason = LocalRedis.NONE)
@QuarkusTest
@TestProfile(AdminApiTest.WithToken.class)
@WithTestResource(StubBackends.class)
class AdminApiTest {

    static final String TOKEN = "s3cret-admin-token";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.admin.token", TOKEN);
        }
    }

    @Stub("ControlAPI")
    StubBackend control;

    @KeyPrefix
    String prefix;

    @Inject
    BreakerMonitor breakers;

    @BeforeEach
    void resetStubs() {
        control.reset();
    }

    @AfterEach
    void liftOverrides() {
        admin().when().delete("/admin/breakers/ControlAPI/override").then().statusCode(200);
    }

    @Test
    void refusesCallsWithoutAToken() {
        given().when().get("/admin/breakers")
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer realm=\"breakwater-admin\"")
                .body("error", equalTo("Unauthorized"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "wrong", "s3cret-admin-toke", "s3cret-admin-token-and-more", "S3CRET-ADMIN-TOKEN" })
    void refusesCallsWithAWrongToken(String token) {
        given().header("Authorization", "Bearer " + token).when().get("/admin/breakers")
                .then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Forbidden"));
    }

    @Test
    void listsTheBreakers() {
        admin().when().get("/admin/breakers")
                .then().statusCode(200)
                .body("circuit_breakers.ControlAPI.state", equalTo("closed"))
                .body("circuit_breakers.DataAPI.state", equalTo("closed"));
    }

    @Test
    void keepsEachAuditEntryOnALineOfItsOwn() {
        List<String> audit = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                audit.add(String.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger auditLog = java.util.logging.Logger.getLogger("io.breakwater.audit");
        auditLog.addHandler(capture);
        try {
            admin().body(new JsonObject().put("reason", "fixed\r\n2026-11-30 INFO [io.breakwater.audit] FAKE ENTRY")
                    .put("by", "alice\nmallory").encode()).contentType(ContentType.JSON)
                    .when().post("/admin/breakers/ControlAPI/reset")
                    .then().statusCode(200);
        } finally {
            auditLog.removeHandler(capture);
        }

        assertEquals(List.of("Breaker ControlAPI: reset by alice\\nmallory: "
                + "fixed\\r\\n2026-11-30 INFO [io.breakwater.audit] FAKE ENTRY"), audit);
    }

    @Test
    void resetsAnOpenBreaker() {
        openBreaker(control, "control", CONTROL_FAIL_MAX);
        control.answer(200, "{}");

        admin().body("{\"reason\":\"backend fixed\",\"by\":\"alice\"}").contentType(ContentType.JSON)
                .when().post("/admin/breakers/ControlAPI/reset")
                .then().statusCode(200)
                .body("state", equalTo("closed"));
        call("/api/control/after-reset").then().statusCode(200);
        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
        awaitEventInRedis("reset", "alice", "backend fixed");
    }

    @Test
    void forceOpenRefusesCallsForItsDurationThenEndsByItself() {
        long forced = System.nanoTime();
        admin().body("{\"duration_seconds\":3,\"reason\":\"maintenance\",\"by\":\"alice\"}")
                .contentType(ContentType.JSON)
                .when().post("/admin/breakers/ControlAPI/force-open")
                .then().statusCode(200)
                .body("override.action", equalTo("force-open"))
                .body("override.by", equalTo("alice"))
                .body("override.reason", equalTo("maintenance"));

        call("/api/control/maintenance").then().statusCode(503)
                .header("Retry-After", Integer::parseInt, allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(3)))
                .body("service", equalTo("ControlAPI"));
        assertEquals(0, control.calls());
        given().when().get("/health/circuit-breakers").then()
                .body("circuit_breakers.ControlAPI.override.action", equalTo("force-open"))
                .body("circuit_breakers.ControlAPI.held_open.by", equalTo("override"));
        assertEquals(1.0, MetricsScrape.fetch().value("circuit_breaker_override", "service", "ControlAPI"));
        awaitEventInRedis("force-open", "alice", "maintenance");

        await().atMost(Duration.ofSeconds(6)).until(() -> call("/api/control/maintenance").statusCode() == 200);
        Duration held = Duration.ofNanos(System.nanoTime() - forced);
        // less a little for the two clocks: the gateway's wall clock ends the override, a monotonic one times it here
        assertTrue(held.compareTo(Duration.ofSeconds(3).minusMillis(100)) >= 0,
                "a 3 s force-open let calls through after " + held.toMillis() + " ms");
        given().when().get("/health/circuit-breakers").then()
                .body("circuit_breakers.ControlAPI.override", nullValue());
    }

    @Test
    void forceCloseLetsCallsThroughAndIgnoresTheirFailures() {
        admin().body("{\"duration_seconds\":60,\"reason\":\"known flaky, keep serving\"}").contentType(ContentType.JSON)
                .when().post("/admin/breakers/ControlAPI/force-close")
                .then().statusCode(200)
                .body("override.action", equalTo("force-close"))
                .body("override.by", equalTo("admin"));
        control.answer(500, "{\"error\":\"flaky\"}");

        for (int i = 0; i < CONTROL_FAIL_MAX * 2; i++) {
            call("/api/control/flaky").then().statusCode(500);
        }
        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
        assertEquals(CONTROL_FAIL_MAX * 2, control.calls());
        assertEquals(2.0, MetricsScrape.fetch().value("circuit_breaker_override", "service", "ControlAPI"));
        // the breaker counted none of them, so its run of failures must not show them either
        admin().when().get("/admin/breakers").then().statusCode(200)
                .body("circuit_breakers.ControlAPI.state", equalTo("closed"))
                .body("circuit_breakers.ControlAPI.fail_counter", equalTo(0));

        admin().when().delete("/admin/breakers/ControlAPI/override").then().statusCode(200)
                .body("override", nullValue());
        openBreaker(control, "control", CONTROL_FAIL_MAX);
        assertEquals(BreakerState.OPEN, breakers.status("ControlAPI").state());
    }

    @Test
    void refusesBadOverrides() {
        admin().body("{\"reason\":\"no duration\"}").contentType(ContentType.JSON)
                .when().post("/admin/breakers/ControlAPI/force-open")
                .then().statusCode(400).contentType(ContentType.JSON);
        admin().body("{\"duration_seconds\":-5,\"reason\":\"negative\"}").contentType(ContentType.JSON)
                .when().post("/admin/breakers/ControlAPI/force-open")
                .then().statusCode(400).contentType(ContentType.JSON);
        admin().body("{\"duration_seconds\":999999,\"reason\":\"too long\"}").contentType(ContentType.JSON)
                .when().post("/admin/breakers/ControlAPI/force-open")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("detail", equalTo("duration_seconds must be at most 86400"));
        admin().body("{\"duration_seconds\":60").contentType(ContentType.JSON)
                .when().post("/admin/breakers/ControlAPI/force-open")
                .then().statusCode(400).contentType(ContentType.JSON);
        admin().body("{\"duration_seconds\":60,\"reason\":\"x\"}").contentType(ContentType.JSON)
                .when().post("/admin/breakers/NoSuchAPI/force-open")
                .then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("Not found"));
        assertEquals(0, control.calls());
        call("/api/control/still-fine").then().statusCode(200);
    }

    @Test
    void isNeverReachedThroughTheProxy() {
        admin().when().get("/api/admin/breakers").then().statusCode(404).body("error", equalTo("Unknown backend"));

        admin().when().get("/api/control/admin/breakers").then().statusCode(200).body("circuit_breakers", nullValue());
        assertEquals("/admin/breakers", control.received().get(0).uri(), "the backend's own path, not the gateway's");
    }

    @Test
    void appliesOverridesAnnouncedByAnotherReplica() {
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            redis.awaitSubscribers(prefix + ":events", 1);
            JsonObject event = new JsonObject().put("service", "ControlAPI").put("from", "closed").put("to", "open")
                    .put("at", Instant.now().toString()).put("instance", "replica-x")
                    .put("override", "force-open").put("by", "bob").put("reason", "db migration")
                    .put("until", Instant.now().plusSeconds(30).toString());
            redis.send(Command.PUBLISH, prefix + ":events", event.encode());
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> call("/api/control/migrating").statusCode() == 503);
        given().when().get("/health/circuit-breakers").then()
                .body("circuit_breakers.ControlAPI.override.by", equalTo("bob"))
                .body("circuit_breakers.ControlAPI.override.until", notNullValue());
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TOKEN);
    }

    private void awaitEventInRedis(String override, String by, String reason) {
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(History.read(redis, prefix).stream()
                    .map(entry -> entry.get("override") + "|" + entry.get("by") + "|" + entry.get("reason"))
                    .toList(), hasItem(override + "|" + by + "|" + reason)));
        }
    }
}
