package io.breakwater.health;

import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The Kubernetes probes with Redis unreachable (nothing listens on its port) and backends down: they answer at
 * once, and readiness stays UP unless a backend marked critical has its breaker open.
 */
@QuarkusTest
@TestProfile(ProbesUnderFailureTest.RedisDeadControlCritical.class)
@WithTestResource(StubBackends.class)
class ProbesUnderFailureTest {

    public static class RedisDeadControlCritical implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1", "control-api.critical", "true");
        }
    }

    @Stub("ControlAPI")
    StubBackend control;

    @Stub("DataAPI")
    StubBackend data;

    @Inject
    BreakerMonitor breakers;

    @AfterEach
    void restore() {
        control.reset();
    }

    @Test
    void readinessStaysUpWithRedisAndABackendDown() {
        data.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/q/health/ready")
                    .then().statusCode(200)
                    .time(lessThan(1000L))
                    .body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'breakwater' }.data.redis", equalTo("DOWN"))
                    .body("checks.find { it.name == 'breakwater' }.data.DataAPI", equalTo("closed")));
        } finally {
            data.start();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/started", "/q/health/ready", "/q/health" })
    void probesAnswerWithinASecond(String path) {
        given().when().get(path).then().statusCode(200);

        given().when().get(path).then().statusCode(200).time(lessThan(1000L));
    }

    @Test
    void dependenciesReportRedisDownWithinASecond() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/health/dependencies")
                .then().statusCode(200)
                .time(lessThan(1000L))
                .body("status", equalTo("DEGRADED"))
                .body("redis.status", equalTo("DOWN")));
    }

    @Test
    void aCriticalBackendWithAnOpenBreakerTakesReadinessDown() {
        openBreaker(control, "control", CONTROL_FAIL_MAX);

        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'breakwater' }.data.ControlAPI", equalTo("open"));
        given().when().get("/q/health/live").then().statusCode(200);

        breakers.reset("ControlAPI");
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
