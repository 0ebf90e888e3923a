package io.breakwater.events;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.breakwater.testing.StubBackends.RESET_TIMEOUT_SECONDS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.BreakerState;
import io.breakwater.redis.Redis;
import io.breakwater.testing.History;
import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.RedisServer;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;

/**
 * Redis stopped, hung or restarted while breakers move: the gateway goes on serving at full speed, keeps the
 * events, sends every one of them in order once Redis is back, and counts what did not fit in its buffer.
 */
@EnabledIf(value = "io.breakwater.testing.RedisServer#installed", disabledReason = "redis-server is not installed")
@QuarkusTest
@TestProfile(RedisOutageTest.SmallBuffer.class)
@WithTestResource(StubBackends.class)
@WithTestResource(RedisServer.class)
class RedisOutageTest {

    static final int BUFFER = 4;

    public static class SmallBuffer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.redis.buffer-size", String.valueOf(BUFFER));
        }
    }

    @Stub("ControlAPI")
    StubBackend control;

    @KeyPrefix
    String prefix;

    @Inject
    BreakerMonitor breakers;

    private RedisServer server;

    @BeforeEach
    void startClean() {
        server = RedisServer.current();
        control.reset();
        awaitNothingBuffered();
        call("/api/control/warm-up").then().statusCode(200);
    }

    @AfterEach
    void redisBack() {
        server.thaw();
        if (!server.isRunning()) {
            server.startServer();
        }
    }

    @Test
    void keepsEventsWhileRedisIsStoppedAndSendsThemInOrderWhenItIsBack() {
        server.stopServer();

        runOneCycle();
        server.startServer();

        await().atMost(Duration.ofSeconds(15)).until(() -> history().size() == 3);
        assertEquals(List.of("closed>open", "open>half_open", "half_open>closed"), history());
    }

    @Test
    void keepsServingAtFullSpeedWhileRedisHangs() {
        server.freeze();

        runOneCycle();
        server.thaw();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertEquals(
                List.of("closed>open", "open>half_open", "half_open>closed"), history()));
    }

    @Test
    void countsTheEventsThatDoNotFitInTheBuffer() {
        double droppedBefore = MetricsScrape.fetch().value("circuit_breaker_events_dropped_total");
        server.stopServer();

        runOneCycle();
        runOneCycle();
        server.startServer();

        await().atMost(Duration.ofSeconds(15)).until(() -> history().size() == BUFFER);
        assertEquals(List.of("half_open>closed", "closed>open", "open>half_open", "half_open>closed"), history());
        assertEquals(6 - BUFFER,
                MetricsScrape.fetch().value("circuit_breaker_events_dropped_total") - droppedBefore, 0.0);
    }

    /**
     * Open, half-open and close the ControlAPI breaker. Every call is answered well within Redis' own timeouts (1 s to
     * connect, 2 s per command), which it would not be if anything on the request path waited for Redis.
     */
    private void runOneCycle() {
        for (Response answer : openBreaker(control, "control", CONTROL_FAIL_MAX)) {
            answer.then().time(lessThan(1500L));
        }
        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 8))
                .until(() -> breakers.status("ControlAPI").state() == BreakerState.HALF_OPEN);
        control.answer(200, "{}");
        call("/api/control/outage").then().statusCode(200).time(lessThan(1500L));
    }

    /** The ControlAPI transitions in this Redis' history stream, as {@code from>to}. */
    private List<String> history() {
        try (TestRedis redis = TestRedis.connect(server.url())) {
            return History.transitions(History.read(redis, prefix), "ControlAPI");
        }
    }

    /** Waits until events of earlier tests are written, then starts the stream afresh. */
    private void awaitNothingBuffered() {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> MetricsScrape.fetch().value("circuit_breaker_events_buffered") == 0);
        try (TestRedis redis = TestRedis.connect(server.url())) {
            redis.send(Command.DEL, prefix + ":history");
        }
    }
}
