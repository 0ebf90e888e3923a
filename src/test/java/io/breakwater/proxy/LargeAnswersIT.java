package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.BackgroundCalls;
import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.MisbehavingBackend;
import io.breakwater.testing.StubBackend;
import io.vertx.core.Vertx;

/**
 * The packaged gateway with the JVM settings it ships with (a 64 MB heap) passes on answers several times the size
 * of its heap, many at once, without running out of memory and while DataAPI stays served: bodies stream through,
 * they are never held whole.
 */
class LargeAnswersIT {

    private static final long MIB = 1024 * 1024;

    private static Vertx vertx;
    private static GatewayProcess gateway;

    @BeforeAll
    static void startTheGatewayAsShipped() throws Exception {
        vertx = Vertx.vertx();
        MisbehavingBackend control = new MisbehavingBackend(vertx).start();
        StubBackend data = new StubBackend(vertx).start();
        gateway = GatewayProcess.startAsShipped(Map.of(
                "CONTROL_API_URL", control.url(),
                "CONTROL_API_TIMEOUT", "10",
                "DATA_API_URL", data.url(),
                "GATEWAY_REDIS_KEY_PREFIX", "breakwater-test-large-answers")).awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void passesOnTwentyParallel50MegabyteAnswersAndA200MegabyteOneWithA64MegabyteHeap() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService readers = Executors.newFixedThreadPool(21);
        try (BackgroundCalls dataApi = BackgroundCalls.at(gateway.url() + "/api/data/meanwhile")) {
            List<CompletableFuture<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> read(client, "/api/control/big/50"), readers));
            }
            answers.add(CompletableFuture.supplyAsync(() -> read(client, "/api/control/big/200"), readers));

            for (int i = 0; i < 20; i++) {
                assertEquals(50 * MIB, answers.get(i).get(5, TimeUnit.MINUTES));
            }
            assertEquals(200 * MIB, answers.get(20).get(5, TimeUnit.MINUTES));
            dataApi.assertAllServed();
        } finally {
            readers.shutdownNow();
        }
        assertTrue(gateway.isAlive(), gateway.output());
        assertEquals(200, gateway.status("/q/health/live"));
        assertFalse(gateway.output().contains("OutOfMemoryError"), gateway.output());
    }

    private static long read(HttpClient client, String path) {
        try {
            HttpResponse<InputStream> answer = client.send(HttpRequest.newBuilder(URI.create(gateway.url() + path))
                    .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, answer.statusCode());
            try (InputStream body = answer.body()) {
                return body.transferTo(OutputStream.nullOutputStream());
            }
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }
}
