package io.breakwater.endpoint;

import static io.breakwater.testing.EndpointStubs.EJECT_AFTER;
import static io.breakwater.testing.EndpointStubs.FAIL_MAX;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.EndpointStubs;
import io.breakwater.testing.EndpointStubs.ControlEndpoints;
import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

/**
 * ControlAPI as three endpoints: calls spread over them, one failing endpoint is ejected and its failed safe calls
 * retried on another, unseen by clients, while the breaker stays closed; POST is never retried; ejections double in
 * a row up to their cap, never more than the share allowed at once; all failing opens the breaker as before.
 */
@QuarkusTest
@WithTestResource(EndpointStubs.class)
class EndpointsTest {

    ControlEndpoints endpoints;

    @KeyPrefix
    String keyPrefix;

    @BeforeEach
    void allServing() {
        endpoints.reset();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> health().getList("findAll { it.state == 'serving' }").size() == 3);
        // a good call on each clears what earlier tests left of its failures in a row; against the packaged gateway, an
        // earlier test's open breaker lets calls through again once its trial call succeeds
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            given().get("/api/control/warm");
            return endpoints.stubs().stream().allMatch(stub -> stub.calls() > 0);
        });
        endpoints.reset();
    }

    @Test
    void spreadsCallsOverEveryEndpoint() {
        for (int i = 0; i < 60; i++) {
            given().get("/api/control/spread").then().statusCode(200);
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(endpoints.get(i).calls() >= 5, "endpoint " + i + " got " + endpoints.get(i).calls());
        }
        assertEquals(60, endpoints.calls(), "each call reached one endpoint once");
        List<String> urls = health().getList("url");
        assertEquals(Set.of("http://" + endpoints.label(0), "http://" + endpoints.label(1),
                "http://" + endpoints.label(2)), Set.copyOf(urls));
        assertEquals(3, urls.size());
    }

    @Test
    void hidesOneFailingEndpointFromGetCallersAndEjectsIt() {
        StubBackend sick = endpoints.get(1);
        sick.answer(503, "{\"error\":\"sick\"}");
        double retriedBefore = retries("retried");
        double failuresBefore = endpointCalls(endpoints.label(1), "failure");

        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            String after = lastId(redis);
            for (int i = 0; i < 45; i++) {
                given().get("/api/control/items/" + i).then().statusCode(200);
            }
            assertTrue(ejections(redis, after, endpoints.label(1)).size() >= 1, "the failing endpoint was ejected");
            assertEquals(List.of(), ejections(redis, after, endpoints.label(0)));
            assertEquals(List.of(), ejections(redis, after, endpoints.label(2)));
        }
        assertEquals("closed", breakerState());
        assertTrue(sick.calls() >= EJECT_AFTER && sick.calls() < 15, "ejected, it got fewer than a third of the "
                + "calls: " + sick.calls());
        assertEquals(retriedBefore + sick.calls(), retries("retried"), "each of its calls retried on another");
        assertEquals(failuresBefore + sick.calls(), endpointCalls(endpoints.label(1), "failure"));
    }

    @Test
    void retriesACallTheEndpointRefusedOnAnother() {
        StubBackend gone = endpoints.get(2);
        gone.stop();
        try {
            for (int i = 0; i < 30; i++) {
                given().get("/api/control/refused/" + i).then().statusCode(200);
            }
            assertEquals("closed", breakerState());
            assertTrue(endpointCalls(endpoints.label(2), "failure") >= EJECT_AFTER);
        } finally {
            gone.start();
        }
    }

    @Test
    void neverRetriesAPost() {
        endpoints.get(0).answer(503, "{\"error\":\"sick\"}");
        int refused = 0;
        for (int i = 0; i < 30 && refused == 0; i++) {
            String body = "{\"id\":\"" + UUID.randomUUID() + "\"}";
            int status = given().contentType("application/json").body(body).post("/api/control/orders")
                    .then().extract().statusCode();
            if (status == 503) {
                refused++;
                long receivers = endpoints.stubs().stream()
                        .filter(stub -> stub.received().stream().anyMatch(request -> body.equals(request.body())))
                        .count();
                assertEquals(1, receivers, "a POST the backend answered 503 reached one endpoint only");
            } else {
                assertEquals(200, status);
            }
        }
        assertEquals(1, refused, "some POST landed on the failing endpoint and got its 503");
    }

    @Test
    void doublesEachEjectionInARowUpToItsLongest() {
        StubBackend sick = endpoints.get(0);
        sick.answer(503, "{\"error\":\"sick\"}");
        String endpoint = endpoints.label(0);
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            String after = lastId(redis);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                given().get("/api/control/again").then().statusCode(200);
                return ejections(redis, after, endpoint).size() >= 4;
            });
            List<Map<String, String>> ejections = ejections(redis, after, endpoint);
            List<Long> lengths = ejections.stream().limit(4).map(ejection -> Math.round(Duration.between(
                    Instant.parse(ejection.get("at")), Instant.parse(ejection.get("until"))).toMillis() / 1000.0))
                    .toList();
            assertEquals(List.of(1L, 2L, 4L, 4L), lengths);
            assertEquals("ControlAPI", ejections.get(0).get("service"));
        }
    }

    @Test
    void ejectsNoMoreThanItsShareAtOnce() {
        endpoints.get(0).answer(503, "{\"error\":\"sick\"}");
        endpoints.get(1).answer(503, "{\"error\":\"sick\"}");
        boolean sawOne = false;
        for (int i = 0; i < 60; i++) {
            given().get("/api/control/share/" + i).then().extract().statusCode();
            long ejected = health().getList("findAll { it.state == 'ejected' }").size();
            assertTrue(ejected <= 1, "half of three endpoints is one, but " + ejected + " were ejected");
            sawOne |= ejected == 1;
        }
        assertTrue(sawOne, "one of the two failing endpoints was ejected");
    }

    @Test
    void opensTheBreakerWhenEveryEndpointFails() {
        endpoints.stubs().forEach(stub -> stub.answer(503, "{\"error\":\"down\"}"));
        for (int i = 0; i < FAIL_MAX; i++) {
            given().get("/api/control/down").then().statusCode(503);
        }
        assertEquals("open", breakerState());
        int reached = endpoints.calls();
        assertTrue(reached <= FAIL_MAX * 2, "each call tried at most twice: " + reached);
        given().get("/api/control/down").then().statusCode(503);
        assertEquals(reached, endpoints.calls(), "the open breaker sends nothing to any endpoint");
    }

    private static JsonPath health() {
        return given().get("/health/circuit-breakers").then().statusCode(200).extract().jsonPath()
                .setRootPath("circuit_breakers.ControlAPI.endpoints");
    }

    private static double endpointCalls(String endpoint, String outcome) {
        double value = MetricsScrape.fetch().value("backend_endpoint_calls_total", "service", "ControlAPI",
                "endpoint", endpoint, "outcome", outcome);
        return Double.isNaN(value) ? 0 : value;
    }

    private static String breakerState() {
        return given().get("/health/circuit-breakers").then().statusCode(200).extract().jsonPath()
                .getString("circuit_breakers.ControlAPI.state");
    }

    private static double retries(String result) {
        double value = MetricsScrape.fetch().value("backend_retries_total", "service", "ControlAPI", "result", result);
        return Double.isNaN(value) ? 0 : value;
    }

    private String lastId(TestRedis redis) {
        Response last = redis.send(Command.XREVRANGE, keyPrefix + ":endpoint-history", "+", "-", "COUNT", 1);
        return last.size() == 0 ? "0-0" : last.get(0).get(0).toString();
    }

    private List<Map<String, String>> ejections(TestRedis redis, String after, String endpoint) {
        Response entries = redis.send(Command.XRANGE, keyPrefix + ":endpoint-history", "(" + after, "+");
        List<Map<String, String>> ejections = new ArrayList<>();
        for (Response entry : entries) {
            Map<String, String> fields = new LinkedHashMap<>();
            Response pairs = entry.get(1);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
            }
            if (endpoint.equals(fields.get("endpoint")) && "ejected".equals(fields.get("event"))) {
                ejections.add(fields);
            }
        }
        return ejections;
    }
}
