package io.breakwater.breaker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.ProcessStubs;
import io.breakwater.testing.StubBackend;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * How a backend's breaker settings beyond {@code FAIL_MAX} and {@code RESET_TIMEOUT} change when it opens and for how
 * long, each against a gateway started with them and a stub backend:
 * <ul>
 * <li>{@code <PREFIX>FAILURE_RATIO}: the breaker opens when that share of the last {@code FAIL_MAX} calls failed. A
 * backend that fails every other call is one the default never stops sending to, and one a ratio of 0.5 does.</li>
 * <li>{@code <PREFIX>RESET_TIMEOUT_MAX}: each failed trial call doubles the next open period, up to that maximum, and
 * a successful one starts again from {@code RESET_TIMEOUT}. {@code Retry-After} and {@code retry_after} say the real
 * time left, and no call reaches the backend before it is up.</li>
 * <li>{@code <PREFIX>SLOW_CALL_THRESHOLD}: an answer later than that counts as a failure, while it still reaches the
 * client, and a call still waiting counts as soon as it passes it: a backend that hangs opens its breaker long
 * before its calls time out.</li>
 * </ul>
 */
class BreakerTuningIT {

    private static ProcessStubs stubs;
    private static StubBackend control;
    private static StubBackend data;

    @BeforeAll
    static void startBackends() {
        stubs = new ProcessStubs("breaker-tuning");
        control = stubs.start();
        data = stubs.start();
    }

    @AfterAll
    static void stop() {
        if (stubs != null) {
            stubs.close();
        }
    }

    @BeforeEach
    void forgetCalls() {
        control.reset();
        data.reset();
    }

    @Test
    void opensWhenTheShareOfFailedCallsReachesTheRatio() throws IOException {
        try (GatewayProcess gateway = start(Map.of("CONTROL_API_FAIL_MAX", "4", "CONTROL_API_FAILURE_RATIO", "0.5"))) {
            assertEquals(200, callAnswered(gateway, 200));
            assertEquals(500, callAnswered(gateway, 500));
            assertEquals(200, callAnswered(gateway, 200));
            assertEquals(500, callAnswered(gateway, 500), "two of the last four calls failed: this one opens it");

            control.answer(200, "{}");
            assertEquals(503, gateway.status("/api/control/next"));
            assertEquals(4, control.calls(), "the open breaker answered by itself");
        }
    }

    @Test
    void byDefaultOpensOnlyOnFailuresInARow() throws IOException {
        try (GatewayProcess gateway = start(Map.of("CONTROL_API_FAIL_MAX", "4"))) {
            for (int round = 0; round < 4; round++) {
                assertEquals(200, callAnswered(gateway, 200));
                assertEquals(500, callAnswered(gateway, 500));
            }
            control.answer(200, "{}");
            assertEquals(200, gateway.status("/api/control/next"), "half the calls failed, never four in a row");
        }
    }

    @Test
    void eachFailedTrialCallDoublesTheOpenPeriodUpToTheMaximum() throws IOException {
        control.answer(500, "{}");
        try (GatewayProcess gateway = start(Map.of("CONTROL_API_FAIL_MAX", "1", "CONTROL_API_RESET_TIMEOUT", "1",
                "CONTROL_API_RESET_TIMEOUT_MAX", "4"))) {
            assertEquals(500, call(gateway).statusCode(), "one failure opens the breaker");
            assertEquals("1", call(gateway).header("Retry-After"), "the first open period is the reset timeout");

            int periodEnded = 1;
            for (int openPeriod : new int[] { 2, 4, 4 }) {
                int calls = control.calls();
                awaitTrialCall(gateway, 500, periodEnded);
                assertEquals(calls + 1, control.calls(), "only the trial call reached the backend");
                assertTrialCallCameAfter(periodEnded);
                await().atMost(Duration.ofMillis(900)).pollInterval(Duration.ofMillis(20))
                        .until(() -> String.valueOf(openPeriod).equals(call(gateway).header("Retry-After")));
                JsonPath breaker = breakers(gateway);
                assertEquals("backoff", breaker.getString("ControlAPI.held_open.by"));
                assertEquals(4, breaker.getInt("ControlAPI.reset_timeout_max"));
                String reason = breaker.getString("ControlAPI.held_open.reason");
                assertTrue(reason.endsWith("open for " + openPeriod + " s"), reason);
                assertEquals(breaker.getInt("ControlAPI.held_open.retry_after"),
                        breaker.getInt("ControlAPI.retry_after"),
                        "retry_after counts down to the end of the longer open period");
                periodEnded = openPeriod;
            }

            control.answer(200, "{}");
            awaitTrialCall(gateway, 200, 4);
            assertTrialCallCameAfter(4);
            control.answer(500, "{}");
            assertEquals(500, call(gateway).statusCode());
            assertEquals("1", call(gateway).header("Retry-After"), "a good trial call reset the open period");
        }
    }

    @Test
    void slowAnswersCountAsFailuresAndStillReachTheClient() throws IOException {
        control.answerAfter(Duration.ofMillis(600), 200, "{\"late\":true}");
        data.answerAfter(Duration.ofMillis(600), 200, "{\"late\":true}");
        try (GatewayProcess gateway = start(Map.of("CONTROL_API_FAIL_MAX", "2",
                "CONTROL_API_SLOW_CALL_THRESHOLD", "200ms", "DATA_API_FAIL_MAX", "1"))) {
            for (int slowCall = 1; slowCall <= 2; slowCall++) {
                Response answer = call(gateway);
                assertEquals(200, answer.statusCode(), "slow call " + slowCall);
                assertEquals(true, answer.jsonPath().getBoolean("late"), "the late answer reached the client");
            }
            control.answer(200, "{}");
            assertEquals(503, gateway.status("/api/control/next"), "two slow calls in a row opened the breaker");
            assertEquals(200, breakers(gateway).getInt("ControlAPI.slow_call_threshold_ms"));
            assertEquals(2, control.calls());

            assertEquals(200, gateway.status("/api/data/slow"));
            assertEquals(200, gateway.status("/api/data/slow"), "without a threshold, no answer is too slow");
            assertEquals("closed", breakers(gateway).getString("DataAPI.state"));
        }
    }

    @Test
    void callsToABackendThatHangsCountAsSoonAsTheyPassTheThreshold() throws Exception {
        control.answer(response -> {
            // never answers
        });
        try (GatewayProcess gateway = start(Map.of("CONTROL_API_FAIL_MAX", "2", "CONTROL_API_TIMEOUT", "8",
                "CONTROL_API_SLOW_CALL_THRESHOLD", "300ms"))) {
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> hanging = List.of(clients.submit(() -> call(gateway).statusCode()),
                        clients.submit(() -> call(gateway).statusCode()));
                // well before the 8 s timeout
                await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                        .until(() -> "open".equals(breakers(gateway).getString("ControlAPI.state")));
                assertTrue(hanging.stream().noneMatch(Future::isDone), "both calls are still waiting for an answer");
                assertEquals(503, gateway.status("/api/control/next"));
                assertEquals(2, control.calls(), "the open breaker answered by itself");
                for (Future<Integer> call : hanging) {
                    assertEquals(504, call.get(15, TimeUnit.SECONDS), "the hanging call still ends at its timeout");
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    private static JsonPath breakers(GatewayProcess gateway) {
        return RestAssured.given().baseUri(gateway.url()).get("/health/circuit-breakers").then().extract().jsonPath()
                .setRootPath("circuit_breakers");
    }

    private static GatewayProcess start(Map<String, String> settings) throws IOException {
        Map<String, String> environment = new HashMap<>(settings);
        environment.putAll(Map.of("CONTROL_API_URL", control.url(), "DATA_API_URL", data.url(),
                "GATEWAY_REDIS_KEY_PREFIX", stubs.keyPrefix(),
                // so that a failed call's 500 reaches the client, not the last good answer kept for its URL
                "GATEWAY_STALE_CACHE_ENABLED", "false",
                // each test starts a gateway under the same key prefix, which must not take over the last one's open
                // window from Redis
                "GATEWAY_RESTORE_STATE", "false"));
        return GatewayProcess.start(environment).awaitReady();
    }

    private static Response call(GatewayProcess gateway) {
        return RestAssured.given().baseUri(gateway.url()).get("/api/control/items");
    }

    /** One call, which the backend answers with {@code status}; returns the status the client got. */
    private static int callAnswered(GatewayProcess gateway, int status) {
        control.answer(status, "{}");
        return call(gateway).statusCode();
    }

    /**
     * Checks that the last call to reach the backend, a trial call, came no sooner than {@code openPeriod} seconds
     * after the call before it, whose failure opened that period: the gateway held every call in between, and a
     * shorter period would have let one through sooner. It may come later, since the period began once the backend
     * had answered, and the client polls.
     */
    private static void assertTrialCallCameAfter(int openPeriod) {
        List<StubBackend.Received> received = control.received();
        Duration gap = Duration.ofNanos(received.get(received.size() - 1).atNanos()
                - received.get(received.size() - 2).atNanos());
        // less a little for the two clocks: the gateway's wall clock times its hold, the stub's monotonic one the gap
        assertTrue(gap.compareTo(Duration.ofSeconds(openPeriod).minusMillis(100)) >= 0,
                "the trial call came " + gap.toMillis() + " ms after the failure that opened a " + openPeriod
                        + " s period");
    }

    /**
     * Calls until one is let through, the trial call that ends an open period of {@code openPeriod} seconds, and
     * checks that the backend's answer reached the client.
     */
    private static void awaitTrialCall(GatewayProcess gateway, int backendStatus, int openPeriod) {
        AtomicInteger status = new AtomicInteger();
        await().atMost(Duration.ofSeconds(openPeriod + 3)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    status.set(call(gateway).statusCode());
                    return status.get() != 503;
                });
        assertEquals(backendStatus, status.get());
    }
}
