package io.breakwater.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.vertx.core.Vertx;

/**
 * A healthy start of what the build made, with Redis and both backends up, logs nothing at WARN or above: an
 * operator who sees a warning in the gateway's log can take it for one.
 */
class CleanStartIT {

    private final String prefix = "breakwater-test-clean-start-" + UUID.randomUUID();
    private Vertx vertx;
    private StubBackend backend;
    private GatewayProcess gateway;

    @BeforeEach
    void startBackendAndGateway() throws IOException {
        vertx = Vertx.vertx();
        backend = new StubBackend(vertx).start();
        gateway = GatewayProcess.start(Map.of("CONTROL_API_URL", backend.url(), "DATA_API_URL", backend.url(),
                "GATEWAY_REDIS_KEY_PREFIX", prefix));
    }

    @AfterEach
    void stopEverything() throws Exception {
        gateway.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            redis.deleteKeys(prefix);
        }
    }

    @Test
    void logsNoWarningWhenAllIsWell() {
        gateway.awaitReady();
        assertEquals(200, gateway.status("/api/control/items"));
        assertEquals(200, gateway.status("/api/data/items"));
        assertEquals(200, gateway.status("/q/metrics"));

        List<String> warnings = gateway.output().lines()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        assertEquals(List.of(), warnings, gateway.output());
    }
}
