package io.breakwater.breaker;

import static io.breakwater.testing.GatewayCalls.call;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A slow backend gets at most max-concurrent calls in flight and max-waiting queued; the rest are refused at once
 * with 503, without touching its breaker or the other backend.
 */
@QuarkusTest
@TestProfile(BulkheadTest.SmallBulkhead.class)
@WithTestResource(StubBackends.class)
class BulkheadTest {

    static final int MAX_CONCURRENT = 2;
    static final int MAX_WAITING = 1;
    /** Long enough for a call that waits 1.5 s for a place and then takes 1.5 s. */
    static final int TIMEOUT_SECONDS = 5;

    public static class SmallBulkhead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("control-api.max-concurrent", String.valueOf(MAX_CONCURRENT),
                    "control-api.max-waiting", String.valueOf(MAX_WAITING),
                    "control-api.timeout", String.valueOf(TIMEOUT_SECONDS));
        }
    }

    @Stub("ControlAPI")
    StubBackend control;

    @Stub("DataAPI")
    StubBackend data;

    @Inject
    BreakerMonitor breakers;

    private final ExecutorService clients = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
        control.reset();
    }

    @Test
    void refusesWhatDoesNotFitAndLeavesTheBreakerAndTheOtherBackendAlone() throws Exception {
        given().when().get("/api/data/warm-up").then().statusCode(200);
        control.answerAfter(Duration.ofMillis(1500), 200, "{\"slow\":true}");
        double rejectedBefore = MetricsScrape.fetch().value("circuit_breaker_rejected_total", "service", "ControlAPI");

        List<CompletableFuture<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(CompletableFuture.supplyAsync(
                    () -> given().auth().oauth2("t").when().get("/api/control/slow"), clients));
        }
        given().when().get("/api/data/meanwhile").then().statusCode(200).time(lessThan(1000L));

        int ok = 0;
        int refused = 0;
        for (CompletableFuture<Response> call : calls) {
            Response response = call.get(10, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(503, response.statusCode());
                assertEquals("Too many concurrent requests", response.jsonPath().getString("error"));
                assertEquals("1", response.header("Retry-After"));
                refused++;
            }
        }
        assertEquals(MAX_CONCURRENT + MAX_WAITING, ok);
        assertEquals(6 - MAX_CONCURRENT - MAX_WAITING, refused);
        assertEquals(MAX_CONCURRENT + MAX_WAITING, control.calls());
        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
        assertEquals(refused, MetricsScrape.fetch().value("circuit_breaker_rejected_total", "service", "ControlAPI")
                - rejectedBefore, 0.0);
    }

    @Test
    void answers504AtTheDeadlineWhileACallWaitsForAPlaceWithoutBlamingTheBackend() throws Exception {
        control.answerAfter(Duration.ofMillis(TIMEOUT_SECONDS * 1000L - 1500), 200, "{\"slow\":true}");
        double failuresBefore = MetricsScrape.fetch().required("circuit_breaker_failures_total", "service",
                "ControlAPI");

        List<CompletableFuture<Response>> inFlight = new ArrayList<>();
        for (int i = 0; i < MAX_CONCURRENT; i++) {
            inFlight.add(CompletableFuture.supplyAsync(() -> call("/api/control/slow"), clients));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> control.calls() == MAX_CONCURRENT);
        long started = System.nanoTime();
        Response waited = call("/api/control/slow");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(504, waited.statusCode());
        assertTrue(took.compareTo(Duration.ofSeconds(TIMEOUT_SECONDS + 2)) < 0,
                "the 504 comes at the timeout, not once the call has had a place and its own timeout: " + took);
        for (CompletableFuture<Response> call : inFlight) {
            assertEquals(200, call.get(10, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
        assertEquals(failuresBefore,
                MetricsScrape.fetch().required("circuit_breaker_failures_total", "service", "ControlAPI"), 0.0,
                "the gateway's own queueing is no fault of the backend's");
    }
}
