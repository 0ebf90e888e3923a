package io.breakwater.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import com.google.protobuf.InvalidProtocolBufferException;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * An OpenTelemetry collector for tests: takes what an OTLP exporter sends over HTTP ({@code http/protobuf}, to
 * {@code /v1/traces}), decodes it with OpenTelemetry's own protobuf classes and keeps every span.
 */
public final class OtlpReceiver implements AutoCloseable {

    /** A span as the exporter sent it; ids in lower-case hex, {@code parentSpanId} empty for a root span. */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind,
            Status.StatusCode status, String scope, String service, Map<String, Object> attributes) {

        public Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    /** What went wrong decoding the last export that could not be, shown when spans are awaited in vain. */
    private volatile Throwable failure;

    private OtlpReceiver(Vertx vertx) {
        this.server = vertx.createHttpServer().requestHandler(this::handle);
    }

    public static OtlpReceiver start(Vertx vertx) {
        OtlpReceiver receiver = new OtlpReceiver(vertx);
        join(receiver.server.listen(0, "127.0.0.1"));
        return receiver;
    }

    /** What {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} names, with the protocol {@code http/protobuf}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Waits until {@code count} spans of the trace have come, and returns them. */
    public List<ReceivedSpan> awaitTrace(String traceId, int count) {
        try {
            return await().atMost(Duration.ofSeconds(10)).until(() -> trace(traceId), found -> found.size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " spans of trace " + traceId + " did not come"
                    + (failure == null ? "" : "; an export could not be decoded: " + failure), e);
        }
    }

    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private void handle(HttpServerRequest request) {
        if (!"/v1/traces".equals(request.path())) {
            request.response().setStatusCode(404).end();
            return;
        }
        request.body().onSuccess(body -> {
            try {
                keep(ExportTraceServiceRequest.parseFrom(body.getBytes()));
                request.response().putHeader("Content-Type", "application/x-protobuf")
                        .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
            } catch (InvalidProtocolBufferException e) {
                request.response().setStatusCode(400).end(e.toString());
            } catch (RuntimeException | LinkageError e) {
                failure = e;
                request.response().setStatusCode(500).end(e.toString());
            }
        });
    }

    private void keep(ExportTraceServiceRequest export) {
        for (ResourceSpans resource : export.getResourceSpansList()) {
            String service = attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "")
                    .toString();
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(new ReceivedSpan(HEX.formatHex(span.getTraceId().toByteArray()),
                            HEX.formatHex(span.getSpanId().toByteArray()),
                            HEX.formatHex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(),
                            span.getStatus().getCode(), scope.getScope().getName(), service,
                            attributes(span.getAttributesList())));
                }
            }
        }
    }

    private static Map<String, Object> attributes(List<KeyValue> attributes) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (KeyValue attribute : attributes) {
            AnyValue value = attribute.getValue();
            values.put(attribute.getKey(), switch (value.getValueCase()) {
                case STRING_VALUE -> value.getStringValue();
                case INT_VALUE -> value.getIntValue();
                case BOOL_VALUE -> value.getBoolValue();
                case DOUBLE_VALUE -> value.getDoubleValue();
                default -> value.toString();
            });
        }
        return values;
    }

    @Override
    public void close() {
        join(server.close());
    }

    private static <T> T join(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
