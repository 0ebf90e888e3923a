package io.breakwater.proxy;

import java.util.Map;
import java.util.Set;

import java.util.concurrent.TimeUnit;

import io.breakwater.fallback.KeptAnswer;
import io.breakwater.fallback.StaleCache;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Turns a backend's answer into the client's: same status, end-to-end headers and body.
 */
final class ClientResponses {

    static final String STALE_HEADER = "X-Breakwater-Fallback";

    private static final Set<String> CONTENT_LENGTH = HopByHopHeaders.caseInsensitive("Content-Length");
    /** The most a kept answer's client may leave unsent on its connection before the answer waits for it. */
    private static final int STALE_WRITE_QUEUE_BYTES = 2 * KeptBody.SLICE;

    private ClientResponses() {
    }

    /**
     * Starts the client's answer with the backend's status and headers; the body follows. The backend's
     * {@code Content-Length} is kept, so that the body reaches the client as it was framed; without one, an HTTP/1.1
     * client gets it chunked and an HTTP/1.0 client until the connection closes.
     */
    static void relayHead(HttpServerRequest request, HttpServerResponse response, HttpClientResponse answer) {
        int status = answer.statusCode();
        response.setStatusCode(status);
        copy(answer.headers(), response.headers(), Set.of());
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH) && mayHaveBody(request.method(), status)) {
            if (request.version() == HttpVersion.HTTP_1_1) {
                response.setChunked(true);
            } else if (request.version() == HttpVersion.HTTP_1_0) {
                response.endHandler(ignored -> request.connection().close());
            }
        }
    }

    /**
     * A copy of an earlier answer served because the backend cannot give a fresh one, marked with the standard
     * {@code Age} header and {@value #STALE_HEADER}{@code : stale; reason=<why>}. Its body streams with backpressure,
     * as a backend's answer does, and a client that takes nothing of it for {@code idleSeconds} is cut off.
     */
    static void sendStale(Vertx vertx, HttpServerResponse response, StaleCache.Stale stale, String reason,
            long idleSeconds) {
        KeptAnswer answer = stale.answer();
        response.setStatusCode(answer.status());
        copy(answer.headers(), response.headers(), CONTENT_LENGTH);
        response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(answer.body().length()))
                .putHeader("Age", String.valueOf(stale.age().toSeconds()))
                .putHeader(STALE_HEADER, "stale; reason=" + reason);
        // No bulkhead bounds how many clients read kept answers at once, as it bounds proxied ones: each may hold only
        // a few slices unsent, or a thousand slow readers would take all the direct memory and block the event loops.
        // The connection keeps this write queue for the answers that follow on it: a response once written cannot set
        // it back, and a smaller queue only means more, smaller writes.
        response.setWriteQueueMaxSize(STALE_WRITE_QUEUE_BYTES);
        BodyRelay relay = new BodyRelay(new KeptBody(answer.body()), response, Long.MAX_VALUE, null, true);
        long idleNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
        long watch = vertx.setPeriodic(Math.max(1, TimeUnit.NANOSECONDS.toMillis(idleNanos) / 2), ignored -> {
            if (System.nanoTime() - relay.lastActivityNanos() >= idleNanos) {
                response.reset();
            }
        });
        relay.start().onComplete(ignored -> vertx.cancelTimer(watch));
    }

    private static void copy(MultiMap from, MultiMap to, Set<String> recomputed) {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(from);
        for (Map.Entry<String, String> header : from) {
            String name = header.getKey();
            if (!hopByHop.contains(name) && !recomputed.contains(name)) {
                to.add(name, header.getValue());
            }
        }
    }

    private static boolean mayHaveBody(HttpMethod method, int status) {
        return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }
}
