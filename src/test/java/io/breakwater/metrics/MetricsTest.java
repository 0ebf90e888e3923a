package io.breakwater.metrics;

import static io.breakwater.testing.GatewayCalls.call;
import static io.breakwater.testing.GatewayCalls.openBreaker;
import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static io.breakwater.testing.StubBackends.RESET_TIMEOUT_SECONDS;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(StubBackends.class)
class MetricsTest {

    /** Where the scrape of a full breaker cycle is kept, for {@code promtool check metrics} in CI. */
    static final Path SCRAPE = Path.of("target", "metrics", "scrape.prom");

    @Stub("ControlAPI")
    StubBackend control;

    @BeforeEach
    void resetStubs() {
        control.reset();
    }

    @Test
    void followsABreakerThroughAFullCycle() throws IOException {
        MetricsScrape before = MetricsScrape.fetch();
        assertEquals(0, state(before));
        assertEquals(0, retryAfter(before), "no trial call is due while closed");

        openBreaker(control, "control", CONTROL_FAIL_MAX);
        call("/api/control/metrics").then().statusCode(503);
        MetricsScrape open = MetricsScrape.fetch();
        assertEquals(1, state(open));
        assertEquals(CONTROL_FAIL_MAX, delta(before, open, "circuit_breaker_failures_total"));
        assertEquals(2, delta(before, open, "circuit_breaker_rejected_total"));
        assertEquals(1, transitions(open, "closed", "open") - transitions(before, "closed", "open"));
        assertTrue(retryAfter(open) > 0 && retryAfter(open) <= RESET_TIMEOUT_SECONDS,
                "seconds until the trial call: " + retryAfter(open));

        await().atMost(Duration.ofSeconds(RESET_TIMEOUT_SECONDS + 8)).until(() -> state(MetricsScrape.fetch()) == 2);
        control.answer(200, "{}");
        call("/api/control/metrics").then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> transitions(MetricsScrape.fetch(), "half_open", "closed")
                - transitions(before, "half_open", "closed") == 1);
        MetricsScrape closed = MetricsScrape.fetch();
        assertEquals(0, state(closed));
        assertEquals(0, retryAfter(closed));
        assertEquals(1, Math.round(successes(closed) - successes(before)));
        assertEquals(CONTROL_FAIL_MAX, delta(before, closed, "circuit_breaker_failures_total"));
        assertEquals(1, transitions(closed, "open", "half_open") - transitions(before, "open", "half_open"));
        assertTrue(closed.value("backend_call_duration_seconds_count", "outcome", "failure", "service", "ControlAPI")
                >= CONTROL_FAIL_MAX);
        assertFalse(closed.hasMetric("circuit_breaker_successes_total"), "successes are counted by the histogram");
        assertFalse(closed.hasMetric("ft_circuitbreaker_calls_total"),
                "SmallRye Fault Tolerance's own metrics repeat circuit_breaker_*, and are off unless asked for");
        assertFalse(closed.hasMetric("http_server_requests_seconds_count"),
                "Quarkus' HTTP server meters cost every proxied request, though they would time only the gateway's own"
                        + " endpoints");

        Files.createDirectories(SCRAPE.getParent());
        Files.writeString(SCRAPE, closed.text());
    }

    @Test
    void servesTheSameScrapeAtTheQuarkusPath() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("circuit_breaker_state{"));
    }

    @Test
    void answersPlainClientsInThePrometheusTextFormat() {
        given().when().get("/metrics")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("# TYPE circuit_breaker_failures_total counter"));
    }

    private static double state(MetricsScrape scrape) {
        return scrape.value("circuit_breaker_state", "service", "ControlAPI");
    }

    private static double retryAfter(MetricsScrape scrape) {
        return scrape.value("circuit_breaker_retry_after_seconds", "service", "ControlAPI");
    }

    private static double transitions(MetricsScrape scrape, String from, String to) {
        return scrape.value("circuit_breaker_transitions_total", "from", from, "service", "ControlAPI", "to", to);
    }

    private static double successes(MetricsScrape scrape) {
        return scrape.value("backend_call_duration_seconds_count", "outcome", "success", "service", "ControlAPI");
    }

    private static long delta(MetricsScrape before, MetricsScrape after, String counter) {
        return Math.round(after.value(counter, "service", "ControlAPI") - before.value(counter, "service", "ControlAPI"));
    }
}
