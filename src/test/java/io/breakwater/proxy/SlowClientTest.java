package io.breakwater.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A client that starts a request and stops sending (slow-loris style) loses its connection after the idle timeout,
 * and the backend never sees the half request.
 */
@QuarkusTest
@TestProfile(SlowClientTest.ShortIdleTimeout.class)
@WithTestResource(StubBackends.class)
class SlowClientTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s");
        }
    }

    @Stub("ControlAPI")
    StubBackend control;

    @Test
    void closesConnectionsThatStopSendingHalfwayThroughTheHeaders() {
        control.reset();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.getOutputStream().write("GET /api/control/slow HTTP/1.1\r\nHost: localhost\r\nX-Partial: "
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                assertEquals(-1, readUntilClosed(socket.getInputStream()), "the gateway closed the connection");
            }
        });
        assertEquals(0, control.calls());
        given().when().get("/api/control/after").then().statusCode(200);
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b >= 0);
        return b;
    }
}
