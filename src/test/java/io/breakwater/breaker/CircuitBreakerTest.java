package io.breakwater.breaker;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.breakwater.testing.StubBackends.DATA_FAIL_MAX;
import static io.breakwater.testing.StubBackends.RESET_TIMEOUT_SECONDS;
import static io.breakwater.testing.StubBackends.TIMEOUT_SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.RawHttp;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(StubBackends.class)
class CircuitBreakerTest {

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
    void opensAfterExactlyFailMaxConsecutiveFailures() {
        control.answer(500, "{\"error\":\"boom\"}");

        for (int i = 1; i < CONTROL_FAIL_MAX; i++) {
            callControl().then().statusCode(500).body("error", equalTo("boom"));
            assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state(), "still closed after " + i);
        }
        callControl().then().statusCode(500);
        assertEquals(BreakerState.OPEN, breakers.status("ControlAPI").state());
        assertEquals(CONTROL_FAIL_MAX, control.calls());

        for (int i = 0; i < 5; i++) {
            callControl().then().statusCode(503);
        }
        assertEquals(CONTROL_FAIL_MAX, control.calls(), "no call reaches a backend whose breaker is open");
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        for (int round = 0; round < 2; round++) {
            control.answer(500, "{}");
            for (int i = 1; i < CONTROL_FAIL_MAX; i++) {
                callControl().then().statusCode(500);
            }
            control.answer(200, "{}");
            callControl().then().statusCode(200);
        }
        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
    }

    @Test
    void clientErrorsDoNotCount() {
        control.answer(404, "{\"error\":\"missing\"}");

        for (int i = 0; i < CONTROL_FAIL_MAX * 2; i++) {
            callControl().then().statusCode(404);
        }
        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
    }

    @Test
    void whileOpenAnswers503WithACountdownInRetryAfter() {
        // the call right after the one that opened it has the whole reset timeout to wait, unless the machine was
        // too busy to make it within a second: then the breaker is opened again
        Response first = await().atMost(Duration.ofSeconds(30)).until(this::openControlBreakerAndCallAtOnce,
                answer -> String.valueOf(RESET_TIMEOUT_SECONDS).equals(answer.header("Retry-After")));
        first.then()
                .statusCode(503)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Service temporarily unavailable"))
                .body("service", equalTo("ControlAPI"))
                .body("retry_after", equalTo(RESET_TIMEOUT_SECONDS));

        // a second later it is 1, until the trial call
        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 3))
                .until(() -> "1".equals(callControl().header("Retry-After")));
    }

    @Test
    void recoversToClosedAfterTheResetTimeout() {
        openControlBreaker();
        control.answer(200, "{\"back\":true}");

        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 8))
                .until(() -> breakers.status("ControlAPI").state() == BreakerState.HALF_OPEN);
        callControl().then().statusCode(200).body("back", equalTo(true));

        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
        assertEquals(CONTROL_FAIL_MAX + 1, control.calls(), "exactly one trial call");
    }

    @Test
    void aFailedTrialCallReopens() {
        openControlBreaker();

        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 8))
                .until(() -> breakers.status("ControlAPI").state() == BreakerState.HALF_OPEN);
        callControl().then().statusCode(500);

        assertEquals(BreakerState.OPEN, breakers.status("ControlAPI").state());
        callControl().then().statusCode(503);
        assertEquals(CONTROL_FAIL_MAX + 1, control.calls());
    }

    @Test
    void answersAPostWhileOpenAndKeepsItsConnectionForTheNextRequest() throws Exception {
        openControlBreaker();

        try (RawHttp.Connection client = RawHttp.open("POST /api/control/orders HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"order\":42}")) {
            assertEquals(503, client.answer().status());
            client.send("GET /api/data/after HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertEquals(200, client.answer().status());
        }
        assertEquals(CONTROL_FAIL_MAX, control.calls(), "the POST never reached the backend");
    }

    @Test
    void oneOpenBreakerLeavesTheOtherBackendAlone() {
        openControlBreaker();

        call("/api/data/rows").then().statusCode(200);
        assertEquals(BreakerState.CLOSED, breakers.status("DataAPI").state());
        assertEquals(1, data.calls());
    }

    @Test
    void timeoutsAnswer504AndCount() {
        data.answerAfter(Duration.ofSeconds(TIMEOUT_SECONDS + 3), 200, "{}");

        for (int i = 0; i < DATA_FAIL_MAX; i++) {
            call("/api/data/slow")
                    .then().statusCode(504)
                    .contentType(ContentType.JSON)
                    .body("error", equalTo("Gateway timeout"))
                    .body("service", equalTo("DataAPI"));
        }
        assertEquals(BreakerState.OPEN, breakers.status("DataAPI").state());
    }

    @Test
    void unreachableBackendsAnswer502AndCount() {
        data.stop();
        try {
            for (int i = 0; i < DATA_FAIL_MAX; i++) {
                call("/api/data/rows")
                        .then().statusCode(502)
                        .contentType(ContentType.JSON)
                        .body("error", equalTo("Bad gateway"))
                        .body("service", equalTo("DataAPI"));
            }
            assertEquals(BreakerState.OPEN, breakers.status("DataAPI").state());
        } finally {
            data.start();
        }
    }

    private void openControlBreaker() {
        openBreaker(control, "control", CONTROL_FAIL_MAX);
        assertEquals(BreakerState.OPEN, breakers.status("ControlAPI").state());
    }

    /** Opens a closed ControlAPI breaker, and returns the answer to the call right after the one that opened it. */
    private Response openControlBreakerAndCallAtOnce() {
        breakers.reset("ControlAPI");
        List<Response> answers = openBreaker(control, "control", CONTROL_FAIL_MAX);
        return answers.get(answers.size() - 1);
    }

    private static Response callControl() {
        return call("/api/control/analytics");
    }
}
