package io.breakwater.events;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.ProcessStubs;
import io.breakwater.testing.RedisServer;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.restassured.RestAssured;

/**
 * Two replicas of the packaged gateway with shared state on, both of whose breakers a dead backend opened: when each
 * open window ends, exactly one of them sends the trial call, not each its own; with Redis down, each sends its own.
 * Each replica reaches the backend at an address of its own, so that the backend tells their calls apart.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHadStandalone", disabledReason = LocalRedis.NONE)
class ClusterTrialIT {

    private static final long ANSWER_MILLIS = 300;

    private final ScheduledExecutorService answering = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService clients = Executors.newFixedThreadPool(2);
    /** When a call reached the backend, in {@link System#nanoTime()}, from either replica. */
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private ProcessStubs stubs;
    private StubBackend firstsBackend;
    private StubBackend secondsBackend;
    private GatewayProcess first;
    private GatewayProcess second;

    @BeforeEach
    void startBackends() {
        stubs = new ProcessStubs("cluster-trial");
        firstsBackend = deadBackend();
        secondsBackend = deadBackend();
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        } finally {
            clients.shutdownNow();
            answering.shutdownNow();
            stubs.close();
        }
    }

    @Test
    void oneReplicaSendsTheTrialCallOfEachWindow() throws Exception {
        startReplicas(TestRedis.sharedUrl());
        openBothBreakers();

        keepCallingBoth(Duration.ofSeconds(7));

        List<Long> gapsMillis = new ArrayList<>();
        for (int i = 1; i < arrivals.size(); i++) {
            gapsMillis.add(TimeUnit.NANOSECONDS.toMillis(arrivals.get(i) - arrivals.get(i - 1)));
        }
        assertTrue(arrivals.size() >= 3, "a trial call in most windows: " + arrivals.size());
        assertTrue(gapsMillis.stream().allMatch(gap -> gap >= 800),
                "one trial call per window, never two at once; milliseconds between calls: " + gapsMillis);
    }

    @Test
    void withRedisDownEachReplicaSendsItsOwnTrialCall() throws Exception {
        RedisServer redis = new RedisServer();
        redis.start();
        try {
            startReplicas(redis.url());
            openBothBreakers();
            redis.stopServer();

            // long enough for a claim lost before Redis went down to expire, and a claim to Redis to time out
            keepCallingBoth(Duration.ofSeconds(7));

            // each opened its breaker with one call, then sent a trial call of its own
            assertTrue(firstsBackend.calls() >= 2, "the first replica's calls: " + firstsBackend.calls());
            assertTrue(secondsBackend.calls() >= 2, "the second replica's calls: " + secondsBackend.calls());
        } finally {
            redis.stop();
        }
    }

    private StubBackend deadBackend() {
        StubBackend backend = stubs.start();
        // slow enough that a call to each replica is at the backend before either replica hears of the other's failure
        backend.answer(response -> {
            arrivals.add(System.nanoTime());
            answering.schedule(() -> StubBackend.json(500, "{\"error\":\"down\"}").accept(response), ANSWER_MILLIS,
                    TimeUnit.MILLISECONDS);
        });
        return backend;
    }

    private void startReplicas(String redisUrl) throws IOException {
        first = GatewayProcess.start(replica("replica-1", firstsBackend, redisUrl));
        second = GatewayProcess.start(replica("replica-2", secondsBackend, redisUrl));
        first.awaitReady();
        second.awaitReady();
        try (TestRedis redis = TestRedis.connect(redisUrl)) {
            redis.awaitSubscribers(stubs.keyPrefix() + ":events", 2);
        }
    }

    private void openBothBreakers() throws Exception {
        CompletableFuture<Integer> toFirst = CompletableFuture.supplyAsync(() -> first.status("/api/control/orders"),
                clients);
        assertEquals(500, second.status("/api/control/orders"));
        assertEquals(500, toFirst.get(10, TimeUnit.SECONDS));
        assertEquals(1, firstsBackend.calls());
        assertEquals(1, secondsBackend.calls());
        assertNotEquals("closed", ownState(first), "its own breaker opened");
        assertNotEquals("closed", ownState(second), "its own breaker opened");
        arrivals.clear();
    }

    /** Calls both replicas all along, as clients behind a load balancer would, for several one-second windows. */
    private void keepCallingBoth(Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        CompletableFuture<Void> callingFirst = CompletableFuture.runAsync(() -> keepCalling(first, end), clients);
        keepCalling(second, end);
        callingFirst.get(30, TimeUnit.SECONDS);
    }

    /** Calls {@code replica} every 20 ms, as a client would, until the end; each call is refused or fails. */
    private static void keepCalling(GatewayProcess replica, long endNanos) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .atMost(Duration.ofNanos(endNanos - System.nanoTime()).plusSeconds(15))
                .until(() -> {
                    int status = replica.status("/api/control/orders");
                    assertTrue(status == 503 || status == 500, "status " + status);
                    return System.nanoTime() - endNanos >= 0;
                });
    }

    private static String ownState(GatewayProcess replica) {
        return RestAssured.given().baseUri(replica.url()).get("/health/circuit-breakers").then().extract().jsonPath()
                .getString("circuit_breakers.ControlAPI.state");
    }

    private Map<String, String> replica(String name, StubBackend backend, String redisUrl) {
        return Map.of(
                "QUARKUS_REDIS_HOSTS", redisUrl,
                "GATEWAY_INSTANCE_ID", name,
                "GATEWAY_CLUSTER_SHARED_STATE", "true",
                "GATEWAY_REDIS_KEY_PREFIX", stubs.keyPrefix(),
                "GATEWAY_STALE_CACHE_ENABLED", "false",
                "CONTROL_API_URL", backend.url(),
                "CONTROL_API_FAIL_MAX", "1",
                "CONTROL_API_RESET_TIMEOUT", "1",
                "CONTROL_API_TIMEOUT", "2",
                "DATA_API_URL", backend.url());
    }
}
