package io.breakwater.tracing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.OtlpReceiver;
import io.breakwater.testing.OtlpReceiver.ReceivedSpan;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.TestRedis;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;

/**
 * What the gateway, as built, tells a trace: a server span per request and a client span per attempt, exported over
 * OTLP to a collector (here a real one, {@link OtlpReceiver}), with what the breaker did in {@code breakwater.*}
 * attributes; the caller's trace goes on to the backend under the gateway's span; the duration histogram's buckets
 * point to traces (exemplars); the access log has a line per call. Without a collector, nothing is exported and the
 * context still goes on.
 */
class TracingIT {

    private static final String PREFIX = "breakwater-test-tracing-" + UUID.randomUUID();
    private static final String CALLER_SPAN = "b7ad6b7169203331";
    private static final Pattern EXEMPLAR = Pattern.compile(
            "^backend_call_duration_seconds_bucket\\{outcome=\"success\",service=\"ControlAPI\".*"
                    + "# \\{span_id=\"[0-9a-f]{16}\",trace_id=\"([0-9a-f]{32})\"}",
            Pattern.MULTILINE);

    private static Vertx vertx;
    private static StubBackend control;
    private static StubBackend data;
    private static OtlpReceiver collector;
    private static GatewayProcess gateway;

    @BeforeAll
    static void startTheGateway() throws Exception {
        vertx = Vertx.vertx();
        control = new StubBackend(vertx).start();
        data = new StubBackend(vertx).start();
        collector = OtlpReceiver.start(vertx);
        gateway = GatewayProcess.startAsShipped(Map.ofEntries(
                Map.entry("CONTROL_API_URL", control.url()),
                Map.entry("CONTROL_API_FAIL_MAX", "100"),
                Map.entry("DATA_API_URL", data.url()),
                Map.entry("DATA_API_FAIL_MAX", "1"),
                Map.entry("DATA_API_RESET_TIMEOUT", "300"),
                Map.entry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()),
                Map.entry("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                Map.entry("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms"),
                Map.entry("GATEWAY_ACCESS_LOG", "true"),
                Map.entry("GATEWAY_REDIS_KEY_PREFIX", PREFIX))).awaitReady();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
        TestRedis.deleteSharedKeys(PREFIX);
    }

    @BeforeEach
    void answerWell() {
        control.reset();
    }

    @Test
    void aServedCallIsAServerSpanWithTheAttemptUnderItAndTheBackendSeesTheTrace() {
        String trace = newTraceId();
        callerIn(trace).header("baggage", "tenant=blue").when().get("/api/control/items?page=2")
                .then().statusCode(200);

        List<ReceivedSpan> spans = collector.awaitTrace(trace, 2);
        ReceivedSpan server = only(spans, SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan attempt = only(spans, SpanKind.SPAN_KIND_CLIENT);
        assertEquals(CALLER_SPAN, server.parentSpanId());
        assertEquals(server.spanId(), attempt.parentSpanId());
        assertEquals("breakwater", server.service());
        for (ReceivedSpan span : spans) {
            assertEquals("ControlAPI", span.attribute("breakwater.breaker"), span.toString());
            assertEquals("closed", span.attribute("breakwater.breaker.state"), span.toString());
            assertEquals("success", span.attribute("breakwater.outcome"), span.toString());
            assertEquals(control.host() + ":" + control.port(), span.attribute("breakwater.endpoint"), span.toString());
            assertEquals(200L, span.attribute("http.response.status_code"), span.toString());
            assertEquals(StatusCode.STATUS_CODE_UNSET, span.status(), span.toString());
        }
        assertEquals("GET /api/control/*", server.name());
        assertEquals("GET", server.attribute("http.request.method"));
        assertEquals("/api/control/*", server.attribute("http.route"));
        assertEquals("/api/control/items", server.attribute("url.path"));
        assertEquals("http", server.attribute("url.scheme"));
        assertEquals("1.1", server.attribute("network.protocol.version"));
        assertEquals("127.0.0.1", server.attribute("client.address"));
        assertEquals("GET", attempt.attribute("http.request.method"));
        assertEquals(control.url() + "/items?page=2", attempt.attribute("url.full"));

        StubBackend.Received received = control.received().get(0);
        assertEquals("00-" + trace + "-" + attempt.spanId() + "-01", received.headers().get("traceparent"));
        assertEquals("tenant=blue", received.headers().get("baggage"));
    }

    @Test
    void aTraceTheCallerDidNotSampleRecordsNothingAndGoesOnUnsampled() {
        String unsampled = newTraceId();
        given().baseUri(gateway.url()).header("traceparent", "00-" + unsampled + "-" + CALLER_SPAN + "-00")
                .when().get("/api/control/items").then().statusCode(200);
        String sampled = newTraceId();
        callerIn(sampled).when().get("/api/control/items").then().statusCode(200);

        // spans are exported in the order their calls ended: once the second call's are in, the first's would be
        collector.awaitTrace(sampled, 2);
        assertEquals(List.of(), collector.trace(unsampled));
        String sent = control.received().get(0).headers().get("traceparent");
        assertTrue(sent.matches("00-" + unsampled + "-[0-9a-f]{16}-00") && !sent.contains(CALLER_SPAN), sent);
    }

    @Test
    void aFailedCallSaysSoAndIsAnError() {
        control.answer(500, "{\"error\":\"boom\"}");
        String trace = newTraceId();
        callerIn(trace).when().get("/api/control/items").then().statusCode(500);

        List<ReceivedSpan> spans = collector.awaitTrace(trace, 2);
        ReceivedSpan server = only(spans, SpanKind.SPAN_KIND_SERVER);
        assertEquals("failure", server.attribute("breakwater.outcome"));
        assertEquals("server-error", server.attribute("breakwater.reason"));
        assertEquals(StatusCode.STATUS_CODE_ERROR, server.status());
        ReceivedSpan attempt = only(spans, SpanKind.SPAN_KIND_CLIENT);
        assertEquals("failure", attempt.attribute("breakwater.outcome"));
        assertEquals("500", attempt.attribute("error.type"));
        assertEquals(StatusCode.STATUS_CODE_ERROR, attempt.status());
    }

    @Test
    void aCallTheOpenBreakerRefusesIsTracedWithoutAnAttempt() {
        data.answer(500, "{\"error\":\"boom\"}");
        // one failure opens DataAPI's breaker, unless an earlier run of this test has
        given().baseUri(gateway.url()).when().get("/api/data/fail");
        String trace = newTraceId();
        callerIn(trace).when().get("/api/data/items").then().statusCode(503);

        ReceivedSpan server = only(collector.awaitTrace(trace, 1), SpanKind.SPAN_KIND_SERVER);
        assertEquals("DataAPI", server.attribute("breakwater.breaker"));
        assertEquals("open", server.attribute("breakwater.breaker.state"));
        assertEquals("rejected", server.attribute("breakwater.outcome"));
        assertEquals("breaker-open", server.attribute("breakwater.reason"));
        assertEquals(503L, server.attribute("http.response.status_code"));
        assertEquals(StatusCode.STATUS_CODE_ERROR, server.status());
        // an attempt's span would have ended, and been exported, before the server span
        assertEquals(List.of(server), collector.trace(trace));
    }

    @Test
    void withoutAGracefulShutdownCallsAreStillServedAndTraced() throws Exception {
        // with no shutdown timeout, Quarkus puts no request wrapper of its own beneath Vert.x Web's
        try (GatewayProcess withoutDrain = GatewayProcess.startAsShipped(Map.ofEntries(
                Map.entry("CONTROL_API_URL", control.url()),
                Map.entry("DATA_API_URL", data.url()),
                Map.entry("QUARKUS_SHUTDOWN_TIMEOUT", "0s"),
                Map.entry("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()),
                Map.entry("QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
                Map.entry("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms"),
                Map.entry("GATEWAY_REDIS_KEY_PREFIX", PREFIX))).awaitReady()) {
            String trace = newTraceId();
            given().baseUri(withoutDrain.url()).header("traceparent", "00-" + trace + "-" + CALLER_SPAN + "-01")
                    .when().get("/api/control/items").then().statusCode(200);

            ReceivedSpan server = only(collector.awaitTrace(trace, 2), SpanKind.SPAN_KIND_SERVER);
            assertEquals("success", server.attribute("breakwater.outcome"));
            StubBackend.Received received = control.received().get(0);
            assertEquals("127.0.0.1", received.headers().get("X-Forwarded-For"));
            assertEquals("http", received.headers().get("X-Forwarded-Proto"));
        }
    }

    @Test
    void aStaleAnswerSaysWhy() {
        String path = "/api/control/report-" + UUID.randomUUID();
        given().baseUri(gateway.url()).when().get(path).then().statusCode(200);
        control.answer(500, "{\"error\":\"boom\"}");
        String trace = newTraceId();
        callerIn(trace).when().get(path).then().statusCode(200)
                .header("X-Breakwater-Fallback", "stale; reason=server-error");

        List<ReceivedSpan> spans = collector.awaitTrace(trace, 2);
        ReceivedSpan server = only(spans, SpanKind.SPAN_KIND_SERVER);
        assertEquals("stale", server.attribute("breakwater.outcome"));
        assertEquals("server-error", server.attribute("breakwater.reason"));
        assertEquals(200L, server.attribute("http.response.status_code"));
        assertEquals("failure", only(spans, SpanKind.SPAN_KIND_CLIENT).attribute("breakwater.outcome"));
    }

    @Test
    void aCallWhoseClientLeftBeforeTheAnswerSaysSo() throws Exception {
        control.answerAfter(Duration.ofSeconds(2), 200, "{\"late\":true}");
        String trace = newTraceId();
        URI gatewayUri = URI.create(gateway.url());
        try (Socket client = new Socket(gatewayUri.getHost(), gatewayUri.getPort())) {
            String head = "GET /api/control/items HTTP/1.1\r\nHost: gateway\r\ntraceparent: 00-" + trace + "-"
                    + CALLER_SPAN + "-01\r\n\r\n";
            client.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> control.calls() > 0);
        }

        ReceivedSpan server = only(collector.awaitTrace(trace, 2), SpanKind.SPAN_KIND_SERVER);
        assertEquals("abandoned", server.attribute("breakwater.outcome"), server.toString());
        assertEquals("connection-closed", server.attribute("error.type"), server.toString());
        assertEquals(StatusCode.STATUS_CODE_ERROR, server.status());
    }

    @Test
    void theDurationHistogramPointsToTracesInAnOpenMetricsScrape() {
        String trace = newTraceId();
        callerIn(trace).when().get("/api/control/items").then().statusCode(200);
        collector.awaitTrace(trace, 2);

        String scrape = given().baseUri(gateway.url()).header("Accept", "application/openmetrics-text")
                .when().get("/metrics").then().statusCode(200).extract().asString();
        Matcher exemplar = EXEMPLAR.matcher(scrape);
        assertTrue(exemplar.find(), scrape);
        Set<String> tracedCalls = collector.spans().stream()
                .filter(span -> "ControlAPI".equals(span.attribute("breakwater.breaker")))
                .map(ReceivedSpan::traceId).collect(Collectors.toSet());
        assertTrue(tracedCalls.contains(exemplar.group(1)), exemplar.group() + " in " + tracedCalls);
    }

    @Test
    void theAccessLogHasALinePerCallWithoutItsQueryString() {
        String trace = newTraceId();
        callerIn(trace).when().get("/api/control/items?token=secret").then().statusCode(200);

        String line = await().atMost(Duration.ofSeconds(10)).until(() -> gateway.output().lines()
                .filter(candidate -> candidate.contains("trace_id=" + trace)).findFirst(), found -> found.isPresent())
                .orElseThrow();
        assertTrue(line.matches("time=\\S+ method=GET path=/api/control/items status=200 duration_ms=\\d+ bytes_in=0 "
                + "bytes_out=11 breaker=ControlAPI outcome=success endpoint=" + control.host() + ":" + control.port()
                + " retries=0 trace_id=" + trace), line);
        assertFalse(gateway.output().contains("secret"));
    }

    @Test
    void withoutACollectorNothingIsExportedNorLoggedAndTheContextStillGoesOn() throws Exception {
        try (ServerSocket defaultCollector = new ServerSocket()) {
            // where Quarkus exports to when no endpoint is set, and where a collector next to the gateway listens
            defaultCollector.bind(new InetSocketAddress("127.0.0.1", 4317));
            try (GatewayProcess quiet = GatewayProcess.start(Map.of(
                    "CONTROL_API_URL", control.url(),
                    "DATA_API_URL", data.url(),
                    "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "100ms",
                    "GATEWAY_REDIS_KEY_PREFIX", PREFIX)).awaitReady()) {
                String trace = newTraceId();
                given().baseUri(quiet.url()).header("traceparent", "00-" + trace + "-" + CALLER_SPAN + "-01")
                        .when().get("/api/control/items").then().statusCode(200);

                String sent = control.received().get(0).headers().get("traceparent");
                assertTrue(sent.matches("00-" + trace + "-[0-9a-f]{16}-01") && !sent.contains(CALLER_SPAN), sent);
                // a call that starts its trace here is not sampled at the default ratio, and says so to the backend
                given().baseUri(quiet.url()).when().get("/api/control/items").then().statusCode(200);
                String started = control.received().get(1).headers().get("traceparent");
                assertTrue(started.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00") && !started.contains(trace), started);
                // spans go out in batches every 100 ms: a second gives an exporter ten chances to connect
                defaultCollector.setSoTimeout(1000);
                assertThrows(SocketTimeoutException.class, defaultCollector::accept);
                assertEquals(List.of(), quiet.output().lines()
                        .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList());
            }
        }
    }

    @Test
    void withTracingOffTheCallersContextReachesTheBackendAsItCame() throws Exception {
        try (GatewayProcess untraced = GatewayProcess.start(Map.of(
                "CONTROL_API_URL", control.url(),
                "DATA_API_URL", data.url(),
                "QUARKUS_OTEL_SDK_DISABLED", "true",
                "GATEWAY_REDIS_KEY_PREFIX", PREFIX)).awaitReady()) {
            String traceparent = "00-" + newTraceId() + "-" + CALLER_SPAN + "-01";
            given().baseUri(untraced.url()).header("traceparent", traceparent).header("baggage", "tenant=blue")
                    .when().get("/api/control/items").then().statusCode(200);
            given().baseUri(untraced.url()).when().get("/api/control/items").then().statusCode(200);

            assertEquals(traceparent, control.received().get(0).headers().get("traceparent"));
            assertEquals("tenant=blue", control.received().get(0).headers().get("baggage"));
            assertEquals(null, control.received().get(1).headers().get("traceparent"));
        }
    }

    private static RequestSpecification callerIn(String trace) {
        return given().baseUri(gateway.url()).header("traceparent", "00-" + trace + "-" + CALLER_SPAN + "-01");
    }

    private static String newTraceId() {
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, SpanKind kind) {
        List<ReceivedSpan> ofKind = spans.stream().filter(span -> span.kind() == kind).toList();
        assertEquals(1, ofKind.size(), spans.toString());
        return ofKind.get(0);
    }
}
