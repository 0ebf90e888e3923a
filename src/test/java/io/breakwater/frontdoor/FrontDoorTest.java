package io.breakwater.frontdoor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.testing.RawHttp;
import io.breakwater.testing.RawHttp2;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * What a client sends that HTTP does not allow gets the gateway's JSON error and reaches no backend, whichever
 * version of HTTP it comes in; requests sent back to back on one connection are served one after the other.
 */
@QuarkusTest
@WithTestResource(StubBackends.class)
class FrontDoorTest {

    @Stub("DataAPI")
    StubBackend data;

    @BeforeEach
    void resetStub() {
        data.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = { "a\rb", "a\nInjected: yes", "a\u0000b", "a\u000bb", "a\u007fb" })
    void refusesHttp2HeaderValuesWithControlCharacters(String value) throws Exception {
        RawHttp2.Answer answer = RawHttp2.get("/api/data/rows", Map.of("x-note", value));

        assertEquals(400, answer.status());
        JsonObject error = new JsonObject(answer.body());
        assertEquals("Bad request", error.getString("error"));
        assertTrue(!error.encode().contains("Injected"), "the value is not echoed: " + error);
        assertEquals(0, data.calls());
        assertGatewayStillServes();
    }

    @ParameterizedTest
    @ValueSource(strings = { "x note", "x(note)", "x\"note" })
    void refusesHttp2HeaderNamesThatAreNotTokens(String name) throws Exception {
        RawHttp2.Answer answer = RawHttp2.get("/api/data/rows", Map.of(name, "value"));

        assertEquals(400, answer.status());
        assertEquals("Bad request", new JsonObject(answer.body()).getString("error"));
        assertEquals(0, data.calls());
    }

    @Test
    void servesWellFormedHttp2Requests() throws Exception {
        RawHttp2.Answer answer = RawHttp2.get("/api/data/rows", Map.of("x-note", "a\tb \u00e9"));

        assertEquals(200, answer.status());
        assertEquals(1, data.calls());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "fffffffffffffffffff\r\nx\r\n0\r\n\r\n",
            "-5\r\nhello\r\n0\r\n\r\n",
            "0x\r\n\r\n",
            "5;ext=LONG\r\nhello\r\n0\r\n\r\n",
            "5\nhello\n0\n\n",
    })
    void answersAMalformedChunkedBodyWith400AndClosesTheConnection(String body) throws Exception {
        String request = "POST /api/data/upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + body.replace("LONG", "e".repeat(100_000));

        try (RawHttp.Connection client = RawHttp.open(request)) {
            RawHttp.Answer answer = client.answer();
            assertEquals(400, answer.status());
            assertEquals("application/json", answer.headers().get("content-type"));
            assertEquals("Bad request", new JsonObject(answer.body()).getString("error"));
            assertEquals("close", answer.headers().get("connection"));
            client.readUntilClosed();
        }
        assertGatewayStillServes();
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/data/%c0%ae%c0%ae/admin", "/api/data/%ff", "/api/data/caf%c3" })
    void refusesPathsThatAreNotUtf8(String path) {
        RawHttp.Answer answer = RawHttp.get(path);

        assertEquals(400, answer.status());
        assertEquals("paths must be valid UTF-8", new JsonObject(answer.body()).getString("detail"));
        assertEquals(0, data.calls());
    }

    @ParameterizedTest
    @ValueSource(strings = { "FOO/1.1", "<SCRIPT>/1.1", "HTTP/9.9" })
    void neverEchoesTheClientsVersionInTheStatusLine(String version) throws Exception {
        try (RawHttp.Connection client = RawHttp.open("GET /api/data/x " + version + "\r\nHost: localhost\r\n\r\n")) {
            String statusLine = client.statusLine();
            assertTrue(statusLine.startsWith("HTTP/1.1 505 "), statusLine);
            RawHttp.Answer answer = client.answerAfterStatusLine(505);
            assertEquals("HTTP version not supported", new JsonObject(answer.body()).getString("error"));
        }
        assertEquals(0, data.calls());
    }

    @Test
    void servesRequestsSentBackToBackOneAfterTheOther() throws Exception {
        String requests = "GET /api/data/one HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /api/data/two HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /api/data/three HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

        try (RawHttp.Connection client = RawHttp.open(requests)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, client.answer().status());
            }
            assertEquals(0, client.readUntilClosed());
        }
        assertEquals(List.of("/one", "/two", "/three"),
                data.received().stream().map(StubBackend.Received::uri).toList());
    }

    private static void assertGatewayStillServes() {
        given().when().get("/api/data/still-serving").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
