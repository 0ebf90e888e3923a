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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.StubBackend;
import io.vertx.core.Vertx;

/**
 * What a pod of {@code k8s/} does when Kubernetes stops it: the packaged gateway, sent SIGTERM while a call is in
 * flight, first reports itself not ready while still alive (the shutdown delay), then lets the call finish before
 * it exits.
 */
class GracefulShutdownIT {

    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(3);
    private static final Duration BACKEND_ANSWERS_AFTER = Duration.ofSeconds(6);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
                "QUARKUS_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "s"));
    }

    @AfterEach
    void stopEverything() throws IOException {
        gateway.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
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
