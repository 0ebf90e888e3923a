package io.breakwater.events;

import static io.breakwater.testing.GatewayCalls.openBreaker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.redis.Redis;
import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Two replicas of the packaged gateway with shared breaking on, one Redis, one dead backend: once the first replica's
 * breaker opens, the second refuses calls without sending them, so the backend sees fail-max failing calls in all.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHadStandalone", disabledReason = LocalRedis.NONE)
class SharedBreakingIT {

    private static final int FAIL_MAX = 3;

    private final String prefix = "breakwater-it-" + UUID.randomUUID();
    private Vertx vertx;
    private StubBackend deadBackend;
    private GatewayProcess first;
    private GatewayProcess second;

    @BeforeEach
    void startTwoReplicas() throws Exception {
        vertx = Vertx.vertx();
        deadBackend = new StubBackend(vertx).start();
        deadBackend.answer(500, "{\"error\":\"down\"}");
        first = GatewayProcess.start(replica("replica-1"));
        second = GatewayProcess.start(replica("replica-2"));
        first.awaitReady();
        second.awaitReady();
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            redis.awaitSubscribers(prefix + ":events", 2);
        }
    }

    @AfterEach
    void stop() throws Exception {
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            first.close();
            second.close();
            redis.deleteKeys(prefix);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void theSecondReplicaRefusesABackendTheFirstFoundDead() {
        openBreaker(first.url(), deadBackend, "control", FAIL_MAX);

        await().atMost(Duration.ofSeconds(10)).until(() -> heldOnSecond());
        for (int i = 0; i < 10; i++) {
            assertEquals(503, second.status("/api/control/orders"));
        }

        assertEquals(FAIL_MAX, deadBackend.calls(), "calls the dead backend received from both replicas");
    }

    private boolean heldOnSecond() {
        String body = second.get("/health/circuit-breakers");
        JsonObject held = new JsonObject(body).getJsonObject("circuit_breakers").getJsonObject("ControlAPI")
                .getJsonObject("held_open");
        return held != null && "replica:replica-1".equals(held.getString("by"));
    }

    private Map<String, String> replica(String name) {
        return Map.of(
                "GATEWAY_INSTANCE_ID", name,
                "GATEWAY_CLUSTER_SHARED_STATE", "true",
                "GATEWAY_REDIS_KEY_PREFIX", prefix,
                "CONTROL_API_URL", deadBackend.url(),
                "CONTROL_API_FAIL_MAX", String.valueOf(FAIL_MAX),
                "CONTROL_API_RESET_TIMEOUT", "60",
                "DATA_API_URL", deadBackend.url());
    }
}
