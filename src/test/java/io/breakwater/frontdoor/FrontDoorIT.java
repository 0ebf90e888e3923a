package io.breakwater.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.breakwater.testing.RawHttp;
import io.breakwater.testing.WarmUp;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.vertx.core.json.JsonObject;

/**
 * {@link FrontDoorTest} against the packaged gateway (the jar, or the native executable when built with
 * {@code -Dnative}), and what only it shows: under {@code @QuarkusTest}, Vert.x answers unknown HTTP versions itself,
 * before the gateway sees them, since the test server also serves WebSockets.
 */
@QuarkusIntegrationTest
@ExtendWith(WarmUp.class)
class FrontDoorIT extends FrontDoorTest {

    @ParameterizedTest
    @ValueSource(strings = { "FOO/1.1", "<SCRIPT>/1.1", "HTTP/9.9" })
    void neverEchoesTheClientsVersionInTheStatusLine(String version) throws Exception {
        try (RawHttp.Connection client = RawHttp.open("GET /api/data/x " + version + "\r\nHost: localhost\r\n\r\n")) {
            String statusLine = client.statusLine();
            assertTrue(statusLine.startsWith("HTTP/1.1 505 "), statusLine);
            RawHttp.Answer answer = client.answerAfterStatusLine(505);
            assertEquals("HTTP version not supported", new JsonObject(answer.body()).getString("error"));
        }
    }
}
