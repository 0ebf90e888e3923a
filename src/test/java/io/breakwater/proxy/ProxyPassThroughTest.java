package io.breakwater.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.testing.RawHttp;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(StubBackends.class)
class ProxyPassThroughTest {

    /** Keeps REST Assured from adding a charset to the content type or re-encoding the URL. */
    private static final RestAssuredConfig AS_IS = RestAssuredConfig.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Stub("ControlAPI")
    StubBackend control;

    @Stub("DataAPI")
    StubBackend data;

    @BeforeEach
    void resetStubs() {
        control.reset();
        data.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "PUT", "PATCH", "DELETE" })
    void forwardsVerbWithBodyQueryAndHeaders(String method) {
        control.answer(StubBackend.withHeaders(Map.of("Content-Type", "text/plain", "X-Backend", "yes"), 201,
                "created by backend"));

        given().config(AS_IS).urlEncodingEnabled(false)
                .contentType("application/x-custom").header("X-Request-Id", "abc-123").body("{\"name\":\"pump\"}".getBytes())
                .when().request(method, "/api/control/devices/7?b=2&a=1&a=%20x")
                .then().statusCode(201)
                .header("X-Backend", "yes")
                .contentType("text/plain")
                .body(equalTo("created by backend"));

        StubBackend.Received received = control.received().get(0);
        assertEquals(method, received.method());
        assertEquals("/devices/7?b=2&a=1&a=%20x", received.uri());
        assertEquals("{\"name\":\"pump\"}", received.body());
        assertEquals("application/x-custom", received.headers().get("Content-Type"));
        assertEquals("abc-123", received.headers().get("X-Request-Id"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET", "OPTIONS" })
    void forwardsVerbWithoutBody(String method) {
        control.answer(StubBackend.withHeaders(Map.of("Allow", "GET, OPTIONS"), 200, "{\"verb\":\"seen\"}"));

        given().when().request(method, "/api/control/status?verbose=true")
                .then().statusCode(200)
                .header("Allow", "GET, OPTIONS")
                .body(equalTo("{\"verb\":\"seen\"}"));

        assertEquals(method, control.received().get(0).method());
        assertEquals("/status?verbose=true", control.received().get(0).uri());
    }

    @Test
    void tellsAClientThatExpects100ContinueToGoOnOnceItsCallIsSent() throws Exception {
        try (RawHttp.Connection client = RawHttp.open("POST /api/control/upload HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")) {
            assertEquals(100, client.head().status());
            client.send("hello");
            assertEquals(200, client.answer().status());
        }
        assertEquals("hello", control.received().get(0).body());
        assertNull(control.received().get(0).headers().get("Expect"));
    }

    @Test
    void forwardsHeadWithTheBackendsContentLength() {
        control.answer(response -> response.putHeader("Content-Length", "42").end());

        given().when().head("/api/control/big")
                .then().statusCode(200)
                .header("Content-Length", "42");

        assertEquals("HEAD", control.received().get(0).method());
    }

    @Test
    void keepsTheQueryStringByteForByte() {
        given().urlEncodingEnabled(false)
                .when().get("/api/control/search?q=a+b&q=%2B&flag&empty=&z=1")
                .then().statusCode(200);

        assertEquals("/search?q=a+b&q=%2B&flag&empty=&z=1", control.received().get(0).uri());
    }

    @Test
    void routesTheBareBackendPathToTheBackendRoot() {
        given().when().get("/api/control").then().statusCode(200);

        assertEquals("/", control.received().get(0).uri());
    }

    @Test
    void routesEachKeyToItsOwnBackend() {
        given().when().get("/api/data/rows").then().statusCode(200);

        assertEquals(0, control.calls());
        assertEquals("/rows", data.received().get(0).uri());
    }

    @Test
    void dropsHopByHopHeadersOnTheWayIn() {
        given().header("Connection", "keep-alive, X-Private-Hop").header("X-Private-Hop", "secret")
                .header("Keep-Alive", "timeout=5").header("TE", "trailers").header("Trailer", "X-Checksum")
                .header("Upgrade", "websocket").header("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .header("X-End-To-End", "kept")
                .when().get("/api/control/hops")
                .then().statusCode(200);

        var headers = control.received().get(0).headers();
        assertEquals("kept", headers.get("X-End-To-End"));
        for (String hop : new String[] { "X-Private-Hop", "Keep-Alive", "TE", "Trailer", "Upgrade",
                "Proxy-Authorization" }) {
            assertNull(headers.get(hop), hop + " must not reach the backend");
        }
    }

    @Test
    void dropsHopByHopHeadersOnTheWayOut() {
        control.answer(response -> response.putHeader("Connection", "X-Backend-Hop")
                .putHeader("X-Backend-Hop", "internal").putHeader("Proxy-Authenticate", "Basic")
                .putHeader("Upgrade", "h2c").putHeader("X-End-To-End", "kept").end("{}"));

        given().when().get("/api/control/hops")
                .then().statusCode(200)
                .header("X-End-To-End", "kept")
                .header("X-Backend-Hop", nullValue())
                .header("Proxy-Authenticate", nullValue())
                .header("Upgrade", nullValue());
    }

    @Test
    void setsForwardedHeadersFromWhatTheGatewaySaw() {
        given().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Host", "spoofed.example")
                .when().get("/api/control/who")
                .then().statusCode(200);

        var headers = control.received().get(0).headers();
        assertEquals("127.0.0.1", headers.get("X-Forwarded-For"));
        assertEquals("http", headers.get("X-Forwarded-Proto"));
        assertEquals("localhost:" + RestAssured.port, headers.get("X-Forwarded-Host"));
        assertEquals(control.url().substring("http://".length()), headers.get("Host"));
    }

    @Test
    void passesClientErrorsThroughAsTheyAre() {
        control.answer(404, "{\"error\":\"no such device\"}");

        given().when().get("/api/control/devices/404")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("no such device"));
    }

    @Test
    void answersUnknownBackendsWith404Json() {
        given().when().get("/api/nowhere/x")
                .then().statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", equalTo("Unknown backend"));
    }
}
