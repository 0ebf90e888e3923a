package io.breakwater.proxy;

import java.util.Map;
import java.util.Set;

import io.breakwater.fallback.KeptAnswer;
import io.vertx.core.MultiMap;
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
     * {@code Age} header and {@value #STALE_HEADER}{@code : stale; reason=<why>}.
     */
    static void sendStale(HttpServerResponse response, KeptAnswer answer, long ageSeconds, String reason) {
        response.setStatusCode(answer.status());
        copy(answer.headers(), response.headers(), CONTENT_LENGTH);
        response.putHeader("Age", String.valueOf(ageSeconds)).putHeader(STALE_HEADER, "stale; reason=" + reason)
                .end(answer.body());
    }

    private static void copy(MultiMap from, MultiMap to, Set<String> recomputed) {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(from.getAll(HttpHeaders.CONNECTION));
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
