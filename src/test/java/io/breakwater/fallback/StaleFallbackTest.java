package io.breakwater.fallback;

import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

@QuarkusTest
@WithTestResource(StubBackends.class)
class StaleFallbackTest {

    @Stub("ControlAPI")
    StubBackend control;

    @BeforeEach
    void resetStubs() {
        control.reset();
    }

    @Test
    void servesTheLastGoodAnswerMarkedStaleWhileTheBreakerIsOpen() {
        control.answer(200, "{\"temperature\":21}");
        given().when().get("/api/control/stale/open").then().statusCode(200).header("X-Breakwater-Fallback", nullValue());

        control.answer(500, "{\"error\":\"boom\"}");
        for (int i = 0; i < CONTROL_FAIL_MAX; i++) {
            given().when().get("/api/control/stale/open")
                    .then().statusCode(200)
                    .header("X-Breakwater-Fallback", "stale; reason=server-error");
        }
        int callsWhenOpened = control.calls();

        given().when().get("/api/control/stale/open")
                .then().statusCode(200)
                .body("temperature", equalTo(21))
                .header("X-Breakwater-Fallback", "stale; reason=breaker-open")
                .header("Age", matchesPattern("\\d+"));
        given().when().get("/api/control/stale/other")
                .then().statusCode(503);
        assertEquals(callsWhenOpened, control.calls());
    }

    @Test
    void servesTheLastGoodAnswerWhenTheBackendIsUnreachable() {
        given().when().get("/api/control/stale/unreachable").then().statusCode(200);
        control.stop();
        try {
            given().when().get("/api/control/stale/unreachable")
                    .then().statusCode(200)
                    .body("ok", equalTo(true))
                    .header("X-Breakwater-Fallback", "stale; reason=unreachable");
        } finally {
            control.start();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "no-store", "private, max-age=60" })
    void neverKeepsAnswersMarkedPrivateOrNoStore(String cacheControl) {
        String path = "/api/control/stale/cache-control/" + cacheControl.hashCode();
        control.answer(StubBackend.withHeaders(Map.of("Cache-Control", cacheControl), 200, "{\"secret\":1}"));
        given().when().get(path).then().statusCode(200);

        control.answer(500, "{\"error\":\"boom\"}");
        given().when().get(path).then().statusCode(500).body("error", equalTo("boom"));
    }

    @Test
    void neverKeepsAnswersThatSetCookies() {
        control.answer(StubBackend.withHeaders(Map.of("Set-Cookie", "session=abc"), 200, "{\"secret\":1}"));
        given().when().get("/api/control/stale/cookie").then().statusCode(200);

        control.answer(500, "{\"error\":\"boom\"}");
        given().when().get("/api/control/stale/cookie").then().statusCode(500);
    }

    @Test
    void neverKeepsAnswersToRequestsWithCredentials() {
        given().auth().oauth2("alice").when().get("/api/control/stale/credentials").then().statusCode(200);

        control.answer(500, "{\"error\":\"boom\"}");
        given().when().get("/api/control/stale/credentials").then().statusCode(500);
        given().auth().oauth2("alice").when().get("/api/control/stale/credentials").then().statusCode(500);
    }

    @Test
    void keepsAnAnswerForTheHostItWasMadeForOnly() {
        control.answer(200, "{\"links\":\"http://evil.example/reset\"}");
        assertEquals(200, RawHttp.send(get("/api/control/stale/host", "evil.example")).status());
        assertEquals("evil.example", control.received().get(0).headers().get("X-Forwarded-Host"));

        control.answer(500, "{\"error\":\"boom\"}");
        RawHttp.Answer forEveryoneElse = RawHttp.send(get("/api/control/stale/host", "localhost"));
        RawHttp.Answer forTheSameHost = RawHttp.send(get("/api/control/stale/host", "evil.example"));

        assertEquals(500, forEveryoneElse.status(), forEveryoneElse.body());
        assertEquals(200, forTheSameHost.status());
        assertEquals("stale; reason=server-error", forTheSameHost.headers().get("x-breakwater-fallback"));
    }

    @Test
    void passesAnswersOverTheEntrySizeThroughWithoutKeepingThem() {
        String large = "{\"blob\":\"" + "x".repeat(1024 * 1024) + "\"}";
        control.answer(200, large);
        given().when().get("/api/control/stale/large").then().statusCode(200).body("blob.length()", equalTo(1024 * 1024));

        control.answer(500, "{\"error\":\"boom\"}");
        given().when().get("/api/control/stale/large").then().statusCode(500);
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }

    @Test
    void onlyStandsInForRequestsThatAgreeOnVaryHeaders() {
        control.answer(StubBackend.withHeaders(Map.of("Vary", "Accept-Language", "Content-Type", "application/json"), 200, "{\"greeting\":\"hallo\"}"));
        given().header("Accept-Language", "de").when().get("/api/control/stale/vary").then().statusCode(200);

        control.answer(500, "{\"error\":\"boom\"}");
        given().header("Accept-Language", "fr").when().get("/api/control/stale/vary").then().statusCode(500);
        given().header("Accept-Language", "de").when().get("/api/control/stale/vary")
                .then().statusCode(200).body("greeting", equalTo("hallo"));
    }
}
