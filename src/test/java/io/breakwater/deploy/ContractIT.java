package io.breakwater.deploy;

import static io.breakwater.testing.GatewayCalls.openBreaker;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.History;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

/**
 * The contract of the design card, checked on the artifact the build made, as an operator meets it: the jar with
 * {@code ./mvnw verify}, the native executable with {@code ./mvnw verify -Dnative}, where whatever is looked up by
 * name at run time (classes, JSON naming) fails only. Default breaker settings but a 2 s reset timeout; the admin
 * API is on, and each test starts with both breakers reset through it.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHadStandalone", disabledReason = LocalRedis.NONE)
class ContractIT {

    private static final String TOKEN = "contract-" + UUID.randomUUID();
    private static final String PREFIX = "breakwater-test-contract-" + UUID.randomUUID();
    private static final int FAIL_MAX = 5;
    private static final int RESET_TIMEOUT_SECONDS = 2;

    private static Vertx vertx;
    private static StubBackend control;
    private static StubBackend data;
    private static GatewayProcess gateway;

    @BeforeAll
    static void startTheGateway() throws Exception {
        vertx = Vertx.vertx();
        control = new StubBackend(vertx).start();
        data = new StubBackend(vertx).start();
        gateway = GatewayProcess.startAsShipped(Map.of(
                "CONTROL_API_URL", control.url(),
                "CONTROL_API_RESET_TIMEOUT", String.valueOf(RESET_TIMEOUT_SECONDS),
                "DATA_API_URL", data.url(),
                "GATEWAY_ADMIN_TOKEN", TOKEN,
                "GATEWAY_REDIS_KEY_PREFIX", PREFIX)).awaitReady();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        TestRedis.deleteSharedKeys(PREFIX);
    }

    @BeforeEach
    void closeTheBreakers() {
        control.reset();
        data.reset();
        for (String breaker : List.of("ControlAPI", "DataAPI")) {
            admin().body("{\"reason\":\"next test\"}").when().post("/admin/breakers/" + breaker + "/reset")
                    .then().statusCode(200);
        }
    }

    @Test
    void opensAfterFiveFailuresAnswers503WithRetryAfterAndRecovers() {
        control.answer(500, "{\"error\":\"boom\"}");
        for (int i = 1; i <= FAIL_MAX; i++) {
            call("/api/control/analytics?try=" + i).then().statusCode(500).body("error", equalTo("boom"));
        }

        call("/api/control/analytics").then().statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", notNullValue())
                .body("error", equalTo("Service temporarily unavailable"))
                .body("service", equalTo("ControlAPI"))
                .body("retry_after", lessThanOrEqualTo(RESET_TIMEOUT_SECONDS));
        assertEquals(FAIL_MAX, control.calls(), "no call reaches the backend while the breaker is open");
        call("/api/data/rows").then().statusCode(200);

        control.answer(200, "{\"back\":true}");
        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 5))
                .until(() -> call("/api/control/analytics").statusCode() == 200);
        breakers().then().body("circuit_breakers.ControlAPI.state", equalTo("closed"));
    }

    @Test
    void describesTheBreakersAndTheDependenciesInJson() {
        openControlBreaker();

        breakers().then().statusCode(200)
                .body("circuit_breakers.ControlAPI.state", equalTo("open"))
                .body("circuit_breakers.ControlAPI.fail_max", equalTo(FAIL_MAX))
                .body("circuit_breakers.ControlAPI.reset_timeout", equalTo(RESET_TIMEOUT_SECONDS))
                .body("circuit_breakers.ControlAPI.retry_after", lessThanOrEqualTo(RESET_TIMEOUT_SECONDS))
                .body("circuit_breakers.ControlAPI.opened_at", notNullValue())
                .body("circuit_breakers.DataAPI.state", equalTo("closed"));
        given().when().get("/health/dependencies").then().statusCode(200)
                .body("backends.ControlAPI.state", equalTo("open"))
                .body("backends.ControlAPI.latency_ms", notNullValue())
                .body("backends.DataAPI.status", equalTo("UP"))
                .body("redis.status", equalTo("UP"));
    }

    @Test
    void servesPrometheusMetricsOfTheBreakersAndCalls() {
        openControlBreaker();

        MetricsScrape metrics = MetricsScrape.parse(given().accept("text/plain").when().get("/metrics").then()
                .statusCode(200).extract().asString());
        assertEquals(1.0, metrics.value("circuit_breaker_state", "service", "ControlAPI"), metrics.text());
        assertTrue(metrics.value("circuit_breaker_failures_total", "service", "ControlAPI") >= FAIL_MAX,
                metrics.text());
        assertTrue(metrics.value("circuit_breaker_rejected_total", "service", "ControlAPI") >= 1, metrics.text());
        assertTrue(metrics.value("circuit_breaker_transitions_total", "from", "closed", "service", "ControlAPI",
                "to", "open") >= 1, metrics.text());
        assertTrue(metrics.value("backend_call_duration_seconds_count", "outcome", "failure", "service",
                "ControlAPI") >= FAIL_MAX, metrics.text());
    }

    @Test
    void sendsEveryTransitionToRedis() {
        String instance = given().when().get("/dashboard/snapshot").then().statusCode(200).extract().path("instance");
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            // the other tests write to the same stream, and the resets before each test may still be on their way
            // there: only entries after the last one now, of transitions from now on
            Instant started = Instant.now();
            String last = History.lastId(redis, PREFIX);

            openControlBreaker();
            control.answer(200, "{\"back\":true}");
            await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 5))
                    .until(() -> call("/api/control/analytics").statusCode() == 200);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(
                    List.of("closed>open", "open>half_open", "half_open>closed"),
                    History.transitions(controlTransitionsSince(redis, last, started), "ControlAPI")));
            for (History.Entry entry : controlTransitionsSince(redis, last, started)) {
                assertEquals(instance, entry.get("instance"), entry.toString());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Response own = redis.send(Command.HGET, PREFIX + ":state:ControlAPI", instance);
                assertNotNull(own, "no entry of this replica in the state hash");
                assertEquals("closed", new JsonObject(own.toString()).getString("state"), own.toString());
            });
        }
    }

    /** The ControlAPI transitions written after the entry {@code lastId} that happened at {@code started} or later. */
    private static List<History.Entry> controlTransitionsSince(TestRedis redis, String lastId, Instant started) {
        return History.readAfter(redis, PREFIX, lastId).stream()
                .filter(entry -> entry.isTransitionOf("ControlAPI") && !entry.at().isBefore(started))
                .toList();
    }

    @Test
    void appliesAdminOverridesAndServesTheLastGoodAnswerWhileOpen() {
        given().when().get("/api/control/stale/report").then().statusCode(200).body("ok", equalTo(true));

        admin().body("{\"duration_seconds\":60,\"reason\":\"maintenance\",\"by\":\"alice\"}")
                .when().post("/admin/breakers/ControlAPI/force-open")
                .then().statusCode(200).body("override.reason", equalTo("maintenance"));
        int calls = control.calls();

        given().when().get("/api/control/stale/report").then().statusCode(200)
                .header("X-Breakwater-Fallback", "stale; reason=breaker-open")
                .body("ok", equalTo(true));
        call("/api/control/not-kept").then().statusCode(503).header("Retry-After", notNullValue());
        assertEquals(calls, control.calls());
        breakers().then().body("circuit_breakers.ControlAPI.held_open", notNullValue());

        admin().when().delete("/admin/breakers/ControlAPI/override").then().statusCode(200);
        call("/api/control/after").then().statusCode(200);
    }

    @Test
    void servesTheDashboardAndItsStream() throws Exception {
        given().when().get("/dashboard/").then().statusCode(200).body(containsString("<html"));
        given().when().get("/dashboard/snapshot").then().statusCode(200)
                .body("breakers.name", hasItem("ControlAPI"))
                .body("admin_enabled", equalTo(true));

        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.url() + "/dashboard/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line = events.readLine();
            while (line != null && !line.startsWith("data:")) {
                line = events.readLine();
            }
            assertTrue(line != null && line.contains("\"breakers\""), String.valueOf(line));
        }
    }

    @Test
    void staysReadyAndAliveWithABackendAndRedisDown() throws Exception {
        try (GatewayProcess withoutRedis = GatewayProcess.startAsShipped(Map.of(
                "CONTROL_API_URL", "http://127.0.0.1:9",
                "DATA_API_URL", data.url(),
                "QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:9",
                "GATEWAY_REDIS_KEY_PREFIX", PREFIX)).awaitReady()) {
            RestAssured.given().baseUri(withoutRedis.url()).when().get("/api/control/x").then().statusCode(502);
            assertEquals(200, withoutRedis.status("/q/health/ready"));
            assertEquals(200, withoutRedis.status("/q/health/live"));
            RestAssured.given().baseUri(withoutRedis.url()).when().get("/health/dependencies").then()
                    .body("status", equalTo("DEGRADED"))
                    .body("backends.ControlAPI.status", equalTo("DOWN"))
                    .body("redis.status", equalTo("DOWN"));
        }
    }

    private static void openControlBreaker() {
        openBreaker(gateway.url(), control, "control", FAIL_MAX);
        breakers().then().body("circuit_breakers.ControlAPI.failures", greaterThanOrEqualTo(FAIL_MAX));
    }

    private static RequestSpecification given() {
        return RestAssured.given().baseUri(gateway.url());
    }

    /** A call the stale cache never answers (requests with credentials are never kept). */
    private static io.restassured.response.Response call(String path) {
        return given().auth().oauth2("client").when().get(path);
    }

    private static io.restassured.response.Response breakers() {
        return given().when().get("/health/circuit-breakers");
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON);
    }
}
