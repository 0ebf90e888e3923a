package io.breakwater.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.StubBackend;
import io.vertx.core.Vertx;

/**
 * What a pod of {@code k8s/} does when Kubernetes stops it: the packaged gateway, sent SIGTERM while a call is in
 * flight, first reports itself not ready while still alive (the shutdown delay), then lets the call finish before
 * it exits.
 */
class GracefulShutdownIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(3);
    private static final Duration BACKEND_ANSWERS_AFTER = Duration.ofSeconds(6);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Vertx vertx;
    private StubBackend backend;
    private Path log;
    private Process gateway;

    @BeforeEach
    void startBackendAndGateway() throws IOException {
        vertx = Vertx.vertx();
        backend = new StubBackend(vertx).start();
        log = Files.createTempFile("breakwater-shutdown", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "CONTROL_API_URL", backend.url(),
                "DATA_API_URL", backend.url(),
                "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_SHUTDOWN_DELAY", SHUTDOWN_DELAY.toSeconds() + "s"));
        gateway = builder.start();
    }

    @AfterEach
    void stopEverything() throws IOException {
        gateway.destroyForcibly();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        Files.deleteIfExists(log);
    }

    @Test
    void reportsNotReadyThenFinishesTheCallInFlightBeforeExiting() throws Exception {
        String gatewayUrl = "http://localhost:" + port();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(gatewayUrl + "/q/health/ready") == 200);
        backend.answerAfter(BACKEND_ANSWERS_AFTER, 200, "{\"slow\":true}");
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/control/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.calls() == 1);

        gateway.destroy(); // SIGTERM, as the kubelet sends it

        await().atMost(SHUTDOWN_DELAY).until(() -> status(gatewayUrl + "/q/health/ready") == 503);
        assertEquals(200, status(gatewayUrl + "/q/health/live"), "alive during the shutdown delay");
        HttpResponse<String> answer = inFlight.get(BACKEND_ANSWERS_AFTER.toSeconds() + 5, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode());
        assertEquals("{\"slow\":true}", answer.body());
        assertTrue(gateway.waitFor(20, TimeUnit.SECONDS), "the gateway did not exit");
        assertTrue(Files.readString(log).contains("stopped in"), Files.readString(log));
    }

    private int port() {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Matcher listening = LISTENING.matcher(Files.readString(log));
            return listening.find() ? Integer.parseInt(listening.group(1)) : null;
        }, port -> port != null);
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
