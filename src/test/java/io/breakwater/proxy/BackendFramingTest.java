package io.breakwater.proxy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasLength;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.testing.BackgroundCalls;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.MisbehavingBackend;
import io.breakwater.testing.MisbehavingBackends;
import io.breakwater.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A backend connection whose framing is in any doubt is closed, never given to the next call: ControlAPI sends bytes
 * no answer may have, answers with statuses HTTP does not have, with large heads, and before reading an upload.
 */
@QuarkusTest
@WithTestResource(MisbehavingBackends.class)
class BackendFramingTest {

    MisbehavingBackend control;

    @ParameterizedTest
    @ValueSource(strings = { "/no-content-with-body", "/not-modified-with-body", "/late-bytes" })
    void closesTheConnectionOnWhichBytesCameThatNoAnswerMayHave(String path) throws Exception {
        int closedBefore = control.closedConnections();
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile")) {
            given().when().get("/api/control" + path).then().statusCode(path.contains("modified") ? 304
                    : path.contains("content") ? 204 : 200);

            await().atMost(Duration.ofSeconds(5)).until(() -> control.closedConnections() > closedBefore);
            assertNextCallsServed();
            dataApi.assertAllServed();
        }
    }

    @Test
    void closesTheConnectionOnWhichAHeadRequestGotABody() throws Exception {
        int closedBefore = control.closedConnections();

        given().when().head("/api/control/ok").then().statusCode(200).body(emptyString());

        await().atMost(Duration.ofSeconds(5)).until(() -> control.closedConnections() > closedBefore);
        assertNextCallsServed();
    }

    @ParameterizedTest
    @ValueSource(ints = { 600, 999, 1000, 99 })
    void answers502ToAStatusHttpDoesNotHaveAndCountsAFailure(int status) {
        double failuresBefore = calls("failure");

        given().when().get("/api/control/status/" + status).then().statusCode(502)
                .body("error", equalTo("Bad gateway")).body("service", equalTo("ControlAPI"));

        await().atMost(Duration.ofSeconds(5)).until(() -> calls("failure") == failuresBefore + 1);
        assertNextCallsServed();
    }

    @Test
    void relaysAnswerHeadsAsLargeAsAClientMaySend() {
        given().when().get("/api/control/header/15000").then().statusCode(200)
                .header("X-Echo", hasLength(15000)).body(equalTo("ok"));
    }

    @Test
    void answers502ToAHeadLargerThanTheGatewayReadsWithoutBlamingTheBackend() throws Exception {
        double failuresBefore = calls("failure");
        double successesBefore = calls("success");

        given().when().get("/api/control/header/40000").then().statusCode(502).body("error", equalTo("Bad gateway"));
        given().when().get("/api/control/ok").then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls("success") == successesBefore + 1);
        assertEquals(failuresBefore, calls("failure"), "a limit of the gateway's own is not the backend's failure");
    }

    @Test
    void closesBothConnectionsOfAnUploadTheBackendAnsweredWithoutReadingIt() throws Exception {
        int closedBefore = control.closedEarlyAnswers();
        int answeredBefore = control.earlyAnswers();
        for (int i = 0; i < 4; i++) {
            try (RawHttp.Connection client = RawHttp.open("POST /api/control/early-answer HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: 8388608\r\n\r\n")) {
                client.send("x".repeat(256 * 1024));
                RawHttp.Answer answer = client.answer();
                assertEquals(200, answer.status());
                assertEquals("early", answer.body());
                assertEquals("close", answer.headers().get("connection"));
                client.readUntilClosed();
            }
        }

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(answeredBefore + 4, control.earlyAnswers(), "answered"));
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(closedBefore + 4, control.closedEarlyAnswers(), "closed"));
        assertNextCallsServed();
    }

    /** Calls that would land on a connection left in doubt, and fail, if one were reused. */
    private static void assertNextCallsServed() {
        for (int i = 0; i < 20; i++) {
            given().when().get("/api/control/ok").then().statusCode(200).body(equalTo("ok"));
        }
    }

    private static double calls(String outcome) {
        double value = MetricsScrape.fetch().value("backend_call_duration_seconds_count", "outcome", outcome,
                "service", "ControlAPI");
        return Double.isNaN(value) ? 0 : value;
    }
}
