package io.breakwater.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.RawHttp;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * No client holds connections it does not use: a request's head must arrive within its time, one client address
 * gets no more than its share of the connections, and past nine tenths of them the longest idle make room for new
 * clients. Each client here comes from an address of its own in 127.0.0.0/8.
 */
@QuarkusTest
@TestProfile(ConnectionLimitsTest.SmallLimits.class)
@WithTestResource(StubBackends.class)
class ConnectionLimitsTest {

    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(1);
    private static final int MAX_CONNECTIONS = 20;
    private static final int PER_CLIENT = 10;
    private static final String GET = "GET /api/data/x HTTP/1.1\r\nHost: localhost\r\n\r\n";

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.front-door.request-head-timeout", HEAD_TIMEOUT.toMillis() + "ms",
                    "gateway.front-door.max-connections", String.valueOf(MAX_CONNECTIONS),
                    "gateway.front-door.max-connections-per-client", String.valueOf(PER_CLIENT));
        }
    }

    @Test
    void closesAConnectionThatSendsNothingOnceTheHeadTimeoutIsUp() throws Exception {
        long start = System.nanoTime();
        try (RawHttp.Connection client = RawHttp.openFrom("127.0.0.2", "")) {
            assertFalse(client.closedWithin(HEAD_TIMEOUT.minusMillis(200)), "closed before its time was up");
            assertTrue(client.closedWithin(Duration.ofSeconds(5)), "still open after the head timeout");
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(HEAD_TIMEOUT) >= 0);
    }

    @Test
    void answers408ToAHeadThatDoesNotArriveInTime() throws Exception {
        try (RawHttp.Connection client = RawHttp.openFrom("127.0.0.3", "GET /api/data/x HTTP/1.1\r\nHost: local")) {
            assertFalse(client.closedWithin(HEAD_TIMEOUT.minusMillis(200)), "closed before its time was up");
            client.send("host\r\nX-Slow: ");
            RawHttp.Answer answer = client.answer();
            assertEquals(408, answer.status());
            assertEquals("Request timeout", new JsonObject(answer.body()).getString("error"));
            assertEquals("close", answer.headers().get("connection"));
            assertTrue(client.closedWithin(Duration.ofSeconds(5)));
        }
    }

    @Test
    void timesEachHeadOnAKeptAliveConnectionFromItsFirstByteNotItsIdleTime() throws Exception {
        try (RawHttp.Connection client = RawHttp.openFrom("127.0.0.4", GET)) {
            assertEquals(200, client.answer().status());
            assertFalse(client.closedWithin(HEAD_TIMEOUT.multipliedBy(2)), "an idle kept-alive connection stays");

            client.send(GET);
            assertEquals(200, client.answer().status());

            client.send("GET /api/data/x HTTP/1.1\r\n");
            assertFalse(client.closedWithin(HEAD_TIMEOUT.minusMillis(200)), "closed before its time was up");
            assertEquals(408, client.answer().status());
        }
    }

    @Test
    void leavesAConnectionIdleAfterAnAnswerTheGatewayGaveAtOnce() throws Exception {
        try (RawHttp.Connection client = RawHttp.openFrom("127.0.0.11",
                "GET /api/nowhere/x HTTP/1.1\r\nHost: localhost\r\n\r\n")) {
            assertEquals(404, client.answer().status());
            assertFalse(client.closedWithin(HEAD_TIMEOUT.multipliedBy(2)), "idle is not a head that is late");

            client.send(GET);
            assertEquals(200, client.answer().status());
        }
    }

    @Test
    void givesOneClientAddressNoMoreThanItsShareClosingItsLongestIdleFirst() throws Exception {
        double closedBefore = closed("client_limit");
        List<RawHttp.Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < PER_CLIENT + 4; i++) {
                RawHttp.Connection connection = RawHttp.openFrom("127.0.0.5", GET);
                connections.add(connection);
                assertEquals(200, connection.answer().status());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> closed("client_limit") == closedBefore + 4);
            for (int i = 0; i < connections.size(); i++) {
                assertEquals(i < 4, connections.get(i).closedWithin(Duration.ofMillis(300)), "connection " + i);
            }
            try (RawHttp.Connection other = RawHttp.openFrom("127.0.0.6", GET)) {
                assertEquals(200, other.answer().status(), "another client is served meanwhile");
            }
        } finally {
            for (RawHttp.Connection connection : connections) {
                connection.close();
            }
        }
    }

    @Test
    void makesRoomForNewClientsPastNineTenthsOfTheConnections() throws Exception {
        double closedBefore = closed("connection_limit");
        List<RawHttp.Connection> connections = new ArrayList<>();
        try {
            String[] clients = { "127.0.0.7", "127.0.0.8", "127.0.0.9" };
            for (int i = 0; i < MAX_CONNECTIONS - 1; i++) {
                RawHttp.Connection connection = RawHttp.openFrom(clients[i % clients.length], GET);
                connections.add(connection);
                assertEquals(200, connection.answer().status());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> closed("connection_limit") > closedBefore);
            await().atMost(Duration.ofSeconds(5)).until(() -> open() <= MAX_CONNECTIONS * 9 / 10);
            try (RawHttp.Connection next = RawHttp.openFrom("127.0.0.10", GET)) {
                assertEquals(200, next.answer().status(), "a new client is served");
            }
        } finally {
            for (RawHttp.Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static double closed(String reason) {
        double value = MetricsScrape.fetch().value("gateway_client_connections_closed_total", "reason", reason);
        return Double.isNaN(value) ? 0 : value;
    }

    private static double open() {
        return MetricsScrape.fetch().value("gateway_client_connections");
    }
}
