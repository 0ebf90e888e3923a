package io.breakwater.proxy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.breakwater.testing.BackgroundCalls;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.MisbehavingBackend;
import io.breakwater.testing.MisbehavingBackends;
import io.breakwater.testing.RawHttp;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * ControlAPI misbehaves in every way a sick backend can; each time the gateway streams what can be streamed, ends
 * what must be ended (closing ControlAPI's connection, so that nothing more is read from it), counts the call once,
 * and keeps DataAPI served meanwhile.
 */
@QuarkusTest
@WithTestResource(MisbehavingBackends.class)
class MisbehavingBackendTest {

    private static final long MIB = 1024 * 1024;

    MisbehavingBackend control;

    @Stub("DataAPI")
    StubBackend data;

    @Test
    void streamsALargeAnswerWholeWithItsLength() throws Exception {
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile")) {
            HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(gateway("/api/control/big/200")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());

            assertEquals(200, answer.statusCode());
            assertEquals(String.valueOf(200 * MIB), answer.headers().firstValue("Content-Length").orElseThrow());
            long read;
            try (InputStream body = answer.body()) {
                read = body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertEquals(200 * MIB, read);
            dataApi.assertAllServed();
        }
    }

    @Test
    void closesAnEndlessAnswerWhenItsClientLeaves() throws Exception {
        double abandonedBefore = calls("abandoned");
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile")) {
            try (RawHttp.Connection client = RawHttp.open(get("/api/control/endless"))) {
                assertEquals(200, client.head().status());
                client.skip(MIB);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> control.streaming() == 0);
            long streamed = control.bytesStreamed();
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> control.bytesStreamed() == streamed);
            dataApi.assertAllServed();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> calls("abandoned") == abandonedBefore + 1);
    }

    @Test
    void cutsOffAClientThatStopsReadingAndHoldsLittleOfTheAnswer() throws Exception {
        double failuresBefore = calls("failure");
        double abandonedBefore = calls("abandoned");
        long streamedBefore = control.bytesStreamed();
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile");
                RawHttp.Connection client = RawHttp.open(get("/api/control/endless"))) {
            // the client reads nothing: the gateway's buffers fill, ControlAPI is paused, then both are cut off
            await().atMost(Duration.ofSeconds(15)).until(() -> control.streaming() == 0);
            long streamed = control.bytesStreamed() - streamedBefore;
            assertTrue(streamed < 64 * MIB, "the gateway read " + streamed / MIB + " MiB it could not pass on");
            // what the gateway wrote before cutting the client off is still in the sockets' buffers; after it, the
            // connection must be closed, not left open (which fails after 20 s without a byte)
            client.readUntilClosed();
            dataApi.assertAllServed();
        }
        // the call is recorded once, as abandoned by its client, and only then can no failure be seen to be counted
        await().atMost(Duration.ofSeconds(5)).until(() -> calls("abandoned") == abandonedBefore + 1);
        assertEquals(failuresBefore, calls("failure"), "a client that stops reading is no fault of the backend's");
    }

    @Test
    void cutsOffAnAnswerThatStopsMovingAndCountsAFailure() throws Exception {
        double failuresBefore = calls("failure");
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile");
                RawHttp.Connection client = RawHttp.open(get("/api/control/stall"))) {
            assertEquals(200, client.head().status());
            client.readUntilClosed();
            await().atMost(Duration.ofSeconds(5)).until(() -> control.streaming() == 0);
            dataApi.assertAllServed();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> calls("failure") == failuresBefore + 1);
    }

    @Test
    void cutsOffTheClientWhenTheAnswerBreaksOffAndCountsAFailure() throws Exception {
        double failuresBefore = calls("failure");
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile");
                RawHttp.Connection client = RawHttp.open(get("/api/control/broken"))) {
            RawHttp.Answer head = client.head();
            assertEquals(200, head.status());
            assertEquals("1000", head.headers().get("content-length"));
            assertEquals(500, client.readUntilClosed(), "the client sees the answer end short of its length");
            dataApi.assertAllServed();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> calls("failure") == failuresBefore + 1);
    }

    @Test
    void dropsTheConnectionOnWhichABackendSentMoreThanItDeclared() throws Exception {
        int closedBefore = control.closedConnections();
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile")) {
            given().when().get("/api/control/overlong").then().statusCode(200).body(equalTo("ok"));

            await().atMost(Duration.ofSeconds(5)).until(() -> control.closedConnections() > closedBefore);
            for (int i = 0; i < 5; i++) {
                given().when().get("/api/control/ok").then().statusCode(200).body(equalTo("ok"));
            }
            dataApi.assertAllServed();
        }
    }

    @Test
    void passesOnTheFinalAnswerAfterInterimOnes() throws Exception {
        double successesBefore = calls("success");
        try (BackgroundCalls dataApi = BackgroundCalls.of("/api/data/meanwhile")) {
            given().when().get("/api/control/interim").then().statusCode(200).body(equalTo("final"));
            dataApi.assertAllServed();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> calls("success") == successesBefore + 1);
    }

    @Test
    void answers408WhenARequestBodyStopsArriving() throws Exception {
        data.reset();
        try (RawHttp.Connection client = RawHttp.open("POST /api/data/upload HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly ten.\n")) {
            RawHttp.Answer head = client.head();
            assertEquals(408, head.status());
            assertEquals("close", head.headers().get("connection"));
            client.readUntilClosed();
        }
        assertEquals(0, data.calls(), "DataAPI never got a whole request");
        given().when().get("/api/data/after").then().statusCode(200);
    }

    @Test
    void streamsARequestBodyToTheBackend() {
        data.reset();
        String body = "x".repeat(3 * 1024 * 1024);

        given().body(body).contentType("text/plain").when().post("/api/data/upload").then().statusCode(200);

        assertEquals(body, data.received().get(0).body());
    }

    private static double calls(String outcome) {
        double value = MetricsScrape.fetch().value("backend_call_duration_seconds_count", "outcome", outcome,
                "service", "ControlAPI");
        return Double.isNaN(value) ? 0 : value;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    private static URI gateway(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }
}
