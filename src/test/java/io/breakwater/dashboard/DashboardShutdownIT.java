package io.breakwater.dashboard;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.TestRedis;

/**
 * An open page does not hold up a stopping gateway: its stream ends when shutdown starts (the page reconnects, to a
 * replica that stays), instead of counting as a request in flight for the whole shutdown timeout (15 s).
 */
class DashboardShutdownIT {

    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(1);

    private final String prefix = "breakwater-test-" + UUID.randomUUID();
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = GatewayProcess.start(Map.of(
                "GATEWAY_REDIS_KEY_PREFIX", prefix,
                "CONTROL_API_URL", "http://127.0.0.1:9",
                "DATA_API_URL", "http://127.0.0.1:9",
                "QUARKUS_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "s"));
        gateway.awaitReady();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            redis.deleteKeys(prefix);
        } catch (RuntimeException e) {
            // without a Redis there is nothing to clean up
        }
    }

    @Test
    void endsOpenStreamsWhenShutdownStarts() throws Exception {
        try (SnapshotStream snapshots = SnapshotStream.open(URI.create(gateway.url() + "/dashboard/stream"))) {
            assertNotNull(snapshots.next(Duration.ofSeconds(5)), "no snapshot");

            gateway.terminate();

            assertTrue(snapshots.ends(SHUTDOWN_DELAY.plusSeconds(5)), "the stream outlived the shutdown delay");
            gateway.awaitExit(Duration.ofSeconds(12));
        }
    }
}
