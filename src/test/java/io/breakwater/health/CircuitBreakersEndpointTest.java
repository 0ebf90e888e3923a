package io.breakwater.health;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.breakwater.testing.StubBackends.RESET_TIMEOUT_SECONDS;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(StubBackends.class)
class CircuitBreakersEndpointTest {

    private static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

    @Stub("ControlAPI")
    StubBackend control;

    @Stub("DataAPI")
    StubBackend data;

    @Inject
    BreakerMonitor breakers;

    @BeforeEach
    void resetStubs() {
        control.reset();
        data.reset();
    }

    @Test
    void describesAClosedBreaker() {
        given().when().get("/health/circuit-breakers")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("circuit_breakers.ControlAPI.state", equalTo("closed"))
                .body("circuit_breakers.ControlAPI.route", equalTo("/api/control"))
                .body("circuit_breakers.ControlAPI.fail_counter", equalTo(0))
                .body("circuit_breakers.ControlAPI.fail_max", equalTo(CONTROL_FAIL_MAX))
                .body("circuit_breakers.ControlAPI.failure_ratio", equalTo(1.0f))
                .body("circuit_breakers.ControlAPI.reset_timeout", equalTo(RESET_TIMEOUT_SECONDS))
                .body("circuit_breakers.ControlAPI.reset_timeout_max", equalTo(RESET_TIMEOUT_SECONDS))
                .body("circuit_breakers.ControlAPI.slow_call_threshold_ms", nullValue())
                .body("circuit_breakers.ControlAPI.retry_after", nullValue())
                .body("circuit_breakers.ControlAPI.opened_at", nullValue())
                .body("circuit_breakers.ControlAPI.since", matchesPattern(ISO_UTC))
                .body("circuit_breakers.DataAPI.state", equalTo("closed"));
    }

    @Test
    void countsFailuresInARowAndCallsByOutcome() {
        JsonPath before = breakersJson();
        call("/api/control/ok").then().statusCode(200);
        control.answer(500, "{}");
        call("/api/control/fail").then().statusCode(500);
        call("/api/control/fail").then().statusCode(500);

        JsonPath after = breakersJson();
        assertEquals(2, after.getInt("circuit_breakers.ControlAPI.fail_counter"));
        assertEquals(1, delta(before, after, "successes"));
        assertEquals(2, delta(before, after, "failures"));
        assertEquals(0, delta(before, after, "rejected"));

        control.answer(200, "{}");
        call("/api/control/ok").then().statusCode(200);
        assertEquals(0,
                breakersJson().getInt("circuit_breakers.ControlAPI.fail_counter"));
    }

    @Test
    void describesAnOpenBreaker() {
        JsonPath before = breakersJson();
        openBreaker(control, "control", CONTROL_FAIL_MAX);

        given().when().get("/health/circuit-breakers")
                .then().statusCode(200)
                .body("circuit_breakers.ControlAPI.state", equalTo("open"))
                .body("circuit_breakers.ControlAPI.fail_counter", equalTo(CONTROL_FAIL_MAX))
                .body("circuit_breakers.ControlAPI.retry_after",
                        allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(RESET_TIMEOUT_SECONDS)))
                .body("circuit_breakers.ControlAPI.opened_at", matchesPattern(ISO_UTC))
                .body("circuit_breakers.DataAPI.state", equalTo("closed"));
        assertEquals(1, delta(before, breakersJson(), "rejected"));
    }

    @Test
    void describesAHalfOpenBreaker() {
        openBreaker(control, "control", CONTROL_FAIL_MAX);

        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 8))
                .until(() -> breakers.status("ControlAPI").state() == BreakerState.HALF_OPEN);
        given().when().get("/health/circuit-breakers")
                .then().statusCode(200)
                .body("circuit_breakers.ControlAPI.state", equalTo("half_open"))
                .body("circuit_breakers.ControlAPI.retry_after", nullValue())
                .body("circuit_breakers.ControlAPI.opened_at", nullValue());
    }

    private static JsonPath breakersJson() {
        return given().when().get("/health/circuit-breakers").then().statusCode(200).extract().jsonPath();
    }

    private static long delta(JsonPath before, JsonPath after, String field) {
        String path = "circuit_breakers.ControlAPI." + field;
        return after.getLong(path) - before.getLong(path);
    }
}
