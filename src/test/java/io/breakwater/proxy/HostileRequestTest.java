package io.breakwater.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.testing.RawHttp;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;

@QuarkusTest
@WithTestResource(StubBackends.class)
class HostileRequestTest {

    @Stub("ControlAPI")
    StubBackend control;

    @BeforeEach
    void resetStub() {
        control.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/../data/rows",
            "/api/control/a/../../q/health",
            "/api/control/%2e%2e/data",
            "/api/control/%2E%2E/%2e%2e/admin",
            "/api/control/.%2e/x",
            "/api/control/%252e%252e/x",
            "/api/control/a/%2fetc/passwd",
            "/api/control/a%2F..%2Fx",
            "/api/control/a%252fb",
            "/api/control/a%5c..%5cx",
            "/api/control//evil.example/x",
            "/api/control/./x",
            "/api/control/a%0d%0aInjected:%20yes",
            "/api/control/a%00b",
    })
    void refusesPathsThatClimbOrChangeTheTarget(String path) {
        RawHttp.Answer answer = RawHttp.get(path);

        assertEquals(400, answer.status(), path);
        assertEquals("application/json", answer.headers().get("content-type"));
        assertEquals("Bad request", new JsonObject(answer.body()).getString("error"));
        assertEquals(0, control.calls());
    }

    @Test
    void refusesAbsoluteRequestTargetsThatNameAnotherHost() {
        RawHttp.Answer answer = RawHttp.send("GET http://evil.example/api/control/x HTTP/1.1\r\n"
                + "Host: evil.example\r\nConnection: close\r\n\r\n");

        assertEquals(400, answer.status());
        assertEquals("Bad request", new JsonObject(answer.body()).getString("error"));
        assertEquals(0, control.calls());
    }

    @Test
    void refusesCarriageReturnsInHeaderValues() {
        RawHttp.Answer answer = RawHttp.send("GET /api/control/x HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Evil: a\rInjected: yes\r\nConnection: close\r\n\r\n");

        assertEquals(400, answer.status());
        assertEquals(0, control.calls());
        assertGatewayStillServes();
    }

    @Test
    void refusesOversizedUrlsAndHeaders() {
        String longPath = "/api/control/" + "a".repeat(8192);
        assertEquals(414, RawHttp.get(longPath).status());

        RawHttp.Answer bigHeaders = RawHttp.send("GET /api/control/x HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Big: " + "b".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertEquals(431, bigHeaders.status());
        assertEquals(0, control.calls());
        assertGatewayStillServes();
    }

    @ParameterizedTest
    @ValueSource(strings = { "TRACE", "CONNECT", "PROPFIND", "BREW" })
    void refusesMethodsItDoesNotProxy(String method) {
        RawHttp.Answer answer = RawHttp.send(method + " /api/control/x HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");

        assertEquals(405, answer.status(), method + ": " + answer);
        assertEquals("application/json", answer.headers().get("content-type"));
        assertEquals("Method Not Allowed", new JsonObject(answer.body()).getString("error"));
        assertEquals("GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE", answer.headers().get("allow"));
        assertEquals(0, control.calls());
    }

    @Test
    void neverLetsTheProxyReachTheGatewaysOwnEndpoints() {
        given().when().get("/api/q/health").then().statusCode(404).body("error", equalTo("Unknown backend"));
        given().when().get("/api/admin/breakers").then().statusCode(404).body("error", equalTo("Unknown backend"));
        assertEquals(400, RawHttp.get("/api/control/../../q/health").status());
    }

    @Test
    void answersUnknownPathsWithJson() {
        given().when().get("/no/such/thing")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Not Found"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Transfer-Encoding: xchunked                              | 400",
            "Transfer-Encoding: gzip                                  | 400",
            "Transfer-Encoding: gzip, chunked                         | 501",
            "Transfer-Encoding: chunked + Transfer-Encoding: x        | 400",
    })
    void refusesBodiesFramedAnotherWayThanChunkedAndClosesTheConnection(String header, int status)
            throws Exception {
        String smuggling = "POST /api/control/echo HTTP/1.1\r\nHost: localhost\r\n"
                + header.replace(" + ", "\r\n") + "\r\n\r\n"
                + "0\r\n\r\nGET /api/control/SMUGGLED HTTP/1.1\r\nHost: localhost\r\n\r\n";

        try (RawHttp.Connection client = RawHttp.open(smuggling)) {
            RawHttp.Answer answer = client.answer();
            assertEquals(status, answer.status(), header);
            assertEquals("application/json", answer.headers().get("content-type"));
            assertEquals("close", answer.headers().get("connection"));
            assertNotNull(new JsonObject(answer.body()).getString("detail"));
            assertEquals(0, client.readUntilClosed(), "nothing after the refusal, and the connection closed");
        }
        assertEquals(List.of(), control.received(), "the backend saw nothing, smuggled or not");
        assertGatewayStillServes();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Content-Length: 5\r\nTransfer-Encoding: chunked",
            "Content-Length: 5\r\nContent-Length: 40",
            "Content-Length: 5, 40",
            "Transfer-Encoding: chunked, x",
    })
    void refusesAmbiguousBodyLengthsAndClosesTheConnection(String headers) throws Exception {
        String smuggling = "POST /api/control/echo HTTP/1.1\r\nHost: localhost\r\n" + headers
                + "\r\n\r\n0\r\n\r\nGET /api/control/SMUGGLED HTTP/1.1\r\nHost: localhost\r\n\r\n";

        try (RawHttp.Connection client = RawHttp.open(smuggling)) {
            // Netty's parser refuses these itself, with the status alone
            assertEquals(400, client.head().status(), headers);
            client.readUntilClosed();
        }
        assertEquals(List.of(), control.received());
        assertGatewayStillServes();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Host: a b\r\n", "Host: localhost\r\nHost: evil.example\r\n" })
    void refusesAnHttp11RequestWithoutOneValidHostWithJson(String host) throws Exception {
        try (RawHttp.Connection client = RawHttp.open("GET /api/control/x HTTP/1.1\r\n" + host + "\r\n")) {
            RawHttp.Answer answer = client.answer();
            assertEquals(400, answer.status());
            assertEquals("Bad request", new JsonObject(answer.body()).getString("error"));
            assertEquals(0, client.readUntilClosed());
        }
        assertEquals(0, control.calls());
    }

    @ParameterizedTest
    @ValueSource(strings = { "HTTP/9.9", "HTTP/1.2", "HTTP/2.0" })
    void refusesOtherHttpVersionsWith505(String version) throws Exception {
        try (RawHttp.Connection client = RawHttp.open("GET /api/control/x " + version
                + "\r\nHost: localhost\r\n\r\n")) {
            RawHttp.Answer answer = client.answer();
            assertEquals(505, answer.status(), version + ": " + answer);
            assertEquals("application/json", answer.headers().get("content-type"));
            assertEquals("HTTP version not supported", new JsonObject(answer.body()).getString("error"));
            assertEquals(0, client.readUntilClosed());
        }
        assertEquals(0, control.calls());
    }

    @Test
    void refusesRawBackslashesBeforeTheyReachAnyRoute() {
        assertEquals(400, RawHttp.get("/api/control/a\\..\\x").status());
        assertEquals(0, control.calls());
    }

    @Test
    void refusesBodiesOverTheLimitWith413() {
        RawHttp.Answer answer = RawHttp.send("POST /api/control/upload HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + (10 * 1024 * 1024 + 1) + "\r\n\r\n");

        assertEquals(413, answer.status());
        assertEquals("Payload too large", new JsonObject(answer.body()).getString("error"));
        assertEquals(0, control.calls());
    }

    @Test
    void aClientSendingItsWholeBodyBeforeItReadsStillGetsThe413() throws Exception {
        String megabyte = "x".repeat(1024 * 1024);
        try (RawHttp.Connection connection = RawHttp.open("POST /api/control/upload HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + (10 * 1024 * 1024 + 1)
                + "\r\n\r\n")) {
            // more than the kernel buffers of the two ends hold: the gateway must read it for the client to go on
            for (int sent = 0; sent < 8; sent++) {
                connection.send(megabyte);
            }
            RawHttp.Answer answer = connection.answer();

            assertEquals(413, answer.status());
            assertEquals("close", answer.headers().get("connection"));
        }
        assertEquals(0, control.calls());
    }

    @Test
    void refusesChunkedBodiesThatGrowOverTheLimitWith413() {
        byte[] megabyte = new byte[1024 * 1024];
        InputStream elevenMegabytes = new SequenceInputStream(Collections.enumeration(
                Stream.generate(() -> new ByteArrayInputStream(megabyte)).limit(11).toList()));

        given().body(elevenMegabytes).contentType(ContentType.BINARY).when().post("/api/control/upload")
                .then().statusCode(413);
        assertEquals(0, control.calls());
    }

    @Test
    void acceptsBodiesUpToTheLimit() {
        byte[] justRight = new byte[1024 * 1024];

        given().body(justRight).contentType(ContentType.BINARY).when().post("/api/control/upload")
                .then().statusCode(200);
        assertEquals(justRight.length, control.received().get(0).body().length());
    }

    @Test
    void encodesCharactersAUriMayNotHoldInsteadOfFailing() {
        assertEquals(200, RawHttp.get("/api/control/search?q=[a]&r=x").status());

        assertEquals("/search?q=%5Ba%5D&r=x", control.received().get(0).uri());
    }

    private void assertGatewayStillServes() {
        given().when().get("/api/control/still-serving").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
