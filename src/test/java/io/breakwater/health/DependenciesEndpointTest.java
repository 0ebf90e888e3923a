package io.breakwater.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHad", disabledReason = LocalRedis.NONE)
@QuarkusTest
@WithTestResource(StubBackends.class)
class DependenciesEndpointTest {

    @Stub("ControlAPI")
    StubBackend control;

    @Stub("DataAPI")
    StubBackend data;

    @BeforeEach
    void resetStubs() {
        control.reset();
        data.reset();
    }

    @Test
    void reportsEveryBackendAndRedisUp() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/health/dependencies")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("status", equalTo("UP"))
                .body("backends.ControlAPI.status", equalTo("UP"))
                .body("backends.ControlAPI.route", equalTo("/api/control"))
                .body("backends.ControlAPI.state", equalTo("closed"))
                .body("backends.ControlAPI.latency_ms", greaterThanOrEqualTo(0))
                .body("backends.DataAPI.status", equalTo("UP"))
                .body("redis.status", equalTo("UP"))
                .body("redis.latency_ms", greaterThanOrEqualTo(0)));
    }

    @Test
    void reportsHowLongABackendTookToAnswerItsProbe() {
        control.answerAfter(Duration.ofMillis(300), 200, "{}");

        // within the probe's 800 ms; on a busy machine a probe may take longer and be DOWN, and the next is looked at
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/health/dependencies")
                .then().statusCode(200)
                .body("backends.ControlAPI.status", equalTo("UP"))
                .body("backends.ControlAPI.latency_ms", allOf(greaterThanOrEqualTo(300), lessThan(800))));
    }

    @Test
    void probesTheConfiguredHealthPath() {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            triggerProbe();
            return control.received().stream()
                    .anyMatch(request -> "GET".equals(request.method()) && "/health".equals(request.uri()));
        });
    }

    @Test
    void reportsADeadBackendDownAndTheWholeDegraded() {
        data.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/health/dependencies")
                    .then().statusCode(200)
                    .body("status", equalTo("DEGRADED"))
                    .body("backends.DataAPI.status", equalTo("DOWN"))
                    .body("backends.DataAPI.detail", equalTo("connection refused"))
                    .body("backends.ControlAPI.status", equalTo("UP")));
        } finally {
            data.start();
        }
    }

    @Test
    void reportsABackendWhoseHealthPathFailsDown() {
        control.answer(503, "{\"status\":\"DOWN\"}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/health/dependencies")
                .then().statusCode(200)
                .body("backends.ControlAPI.status", equalTo("DOWN"))
                .body("backends.ControlAPI.detail", equalTo("health path answered 503")));
    }

    @Test
    void pollingOftenProbesEachBackendOncePerCachePeriod() {
        triggerProbe();
        control.reset();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            given().when().get("/health/dependencies").then().statusCode(200);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        long probes = control.received().stream().filter(request -> "/health".equals(request.uri())).count();
        long periods = elapsedMillis / 1000 + 1;
        assertThat("probes in " + elapsedMillis + " ms", probes, lessThanOrEqualTo(periods));
    }

    @Test
    void answersQuicklyEvenWhenABackendHangs() {
        control.answerAfter(Duration.ofSeconds(10), 200, "{}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/health/dependencies")
                .then().statusCode(200)
                .time(lessThan(1000L))
                .body("backends.ControlAPI.status", equalTo("DOWN"))
                .body("backends.ControlAPI.detail", equalTo("no answer within 800 ms")));
    }

    private static void triggerProbe() {
        assertEquals(200, given().when().get("/health/dependencies").statusCode());
    }
}
