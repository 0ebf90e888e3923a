package io.breakwater.events;

import static io.breakwater.testing.GatewayCalls.openBreaker;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.ProcessStubs;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.redis.client.Command;

/**
 * A gateway restarted while its breaker for a dead backend was open comes back holding that backend's calls for the
 * rest of the open window, as the history stream in Redis tells it, rather than closed; unless told not to.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHadStandalone", disabledReason = LocalRedis.NONE)
class OpenWindowRestoreIT {

    private static final int RESET_TIMEOUT = 60;

    private ProcessStubs stubs;
    private StubBackend deadBackend;

    @BeforeEach
    void startBackend() {
        stubs = new ProcessStubs("restore");
        deadBackend = stubs.start();
        deadBackend.answer(500, "{\"error\":\"down\"}");
    }

    @AfterEach
    void stop() {
        stubs.close();
    }

    @Test
    void aRestartedReplicaHoldsCallsForTheRestOfTheOpenWindow() throws IOException {
        openTheBreakerAndStop();

        try (GatewayProcess restarted = start("replica-2", Map.of())) {
            assertEquals(503, restarted.status("/api/control/orders"));
            assertEquals(1, deadBackend.calls(), "the dead backend was not called again");
            JsonPath breaker = RestAssured.given().baseUri(restarted.url()).get("/health/circuit-breakers").then()
                    .extract().jsonPath().setRootPath("circuit_breakers.ControlAPI");
            assertEquals("closed", breaker.getString("state"), "its own breaker starts closed");
            assertEquals("restored", breaker.getString("held_open.by"));
            assertTrue(breaker.getString("held_open.reason").startsWith("breaker opened on replica replica-1 at "),
                    breaker.getString("held_open.reason"));
            int retryAfter = breaker.getInt("held_open.retry_after");
            assertTrue(retryAfter > RESET_TIMEOUT - 30 && retryAfter <= RESET_TIMEOUT, "time left: " + retryAfter);
            assertTrue(restarted.output().contains("Circuit breaker ControlAPI: held open until "), restarted.output());
            assertEquals(200, restarted.status("/api/data/orders"), "other backends are served");
        }
    }

    @Test
    void restoresNothingWhenTurnedOff() throws IOException {
        openTheBreakerAndStop();

        try (GatewayProcess restarted = start("replica-2", Map.of("GATEWAY_RESTORE_STATE", "false"))) {
            assertEquals(500, restarted.status("/api/control/orders"), "the call went to the backend");
            assertEquals(2, deadBackend.calls());
        }
    }

    private void openTheBreakerAndStop() throws IOException {
        try (GatewayProcess gateway = start("replica-1", Map.of());
                TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            openBreaker(gateway.url(), deadBackend, "control", 1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> redis.send(Command.XLEN, stubs.keyPrefix() + ":history").toLong() > 0);
        }
    }

    private GatewayProcess start(String name, Map<String, String> settings) throws IOException {
        Map<String, String> environment = new HashMap<>(settings);
        environment.putAll(Map.of(
                "GATEWAY_INSTANCE_ID", name,
                "GATEWAY_REDIS_KEY_PREFIX", stubs.keyPrefix(),
                "GATEWAY_STALE_CACHE_ENABLED", "false",
                "CONTROL_API_URL", deadBackend.url(),
                "CONTROL_API_FAIL_MAX", "1",
                "CONTROL_API_RESET_TIMEOUT", String.valueOf(RESET_TIMEOUT),
                "DATA_API_URL", stubs.start().url()));
        return GatewayProcess.start(environment).awaitReady();
    }
}
