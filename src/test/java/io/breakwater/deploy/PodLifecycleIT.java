package io.breakwater.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.vertx.core.Vertx;

/**
 * What a pod of {@code k8s/} does when Kubernetes starts and stops it: what the build made starts, with Redis and its
 * backends up, without logging anything at WARN or above (an operator who sees a warning can take it for one); sent
 * SIGTERM while a call is in flight, it first reports itself not ready while still alive (the shutdown delay), then
 * lets the call finish before it exits.
 */
class PodLifecycleIT {

    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(3);
    private static final Duration BACKEND_ANSWERS_AFTER = Duration.ofSeconds(6);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String prefix = "breakwater-test-pod-lifecycle-" + UUID.randomUUID();
    private Vertx vertx;
    private StubBackend backend;
    private GatewayProcess gateway;

    @BeforeEach
    void startBackendAndGateway() throws IOException {
        vertx = Vertx.vertx();
        backend = new StubBackend(vertx).start();
        gateway = GatewayProcess.start(Map.of(
                "CONTROL_API_URL", backend.url(),
                "DATA_API_URL", backend.url(),
                "QUARKUS_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "s",
                "GATEWAY_REDIS_KEY_PREFIX", prefix));
    }

    @AfterEach
    void stopEverything() throws Exception {
        gateway.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        TestRedis.deleteSharedKeys(prefix);
    }

    @Test
    void startsWithoutAWarningWhenAllIsWell() {
        gateway.awaitReady();
        assertEquals(200, gateway.status("/api/control/items"));
        assertEquals(200, gateway.status("/api/data/items"));
        assertEquals(200, gateway.status("/q/metrics"));

        List<String> warnings = gateway.output().lines()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        assertEquals(List.of(), warnings, gateway.output());
    }

    @Test
    void reportsNotReadyThenFinishesTheCallInFlightBeforeExiting() throws Exception {
        gateway.awaitReady();
        backend.answerAfter(BACKEND_ANSWERS_AFTER, 200, "{\"slow\":true}");
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gateway.url() + "/api/control/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.calls() == 1);

        gateway.terminate(); // SIGTERM, as the kubelet sends it

        await().atMost(SHUTDOWN_DELAY).until(() -> gateway.status("/q/health/ready") == 503);
        assertEquals(200, gateway.status("/q/health/live"), "alive during the shutdown delay");
        HttpResponse<String> answer = inFlight.get(BACKEND_ANSWERS_AFTER.toSeconds() + 5, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals("{\"slow\":true}", answer.body());
        gateway.awaitExit(Duration.ofSeconds(20));
        assertTrue(gateway.output().contains("stopped in"), gateway.output());
    }
}
