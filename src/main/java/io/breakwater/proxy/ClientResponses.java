package io.breakwater.proxy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.breakwater.backend.BackendResponse;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Turns a backend's answer into the client's: same status, body and end-to-end headers.
 */
final class ClientResponses {

    static final String STALE_HEADER = "X-Breakwater-Fallback";

    /** Computed anew by the gateway's own connection, except for HEAD where it describes the absent body. */
    private static final Set<String> RECOMPUTED = HopByHopHeaders.caseInsensitive("Content-Length");

    private ClientResponses() {
    }

    static void send(HttpServerResponse response, String method, BackendResponse answer) {
        copy(response, method, answer);
        response.end(Buffer.buffer(answer.body()));
    }

    /**
     * A copy of an earlier answer served because the backend cannot give a fresh one, marked with the standard
     * {@code Age} header and {@value #STALE_HEADER}{@code : stale; reason=<why>}.
     */
    static void sendStale(HttpServerResponse response, BackendResponse answer, long ageSeconds, String reason) {
        copy(response, "GET", answer);
        response.putHeader("Age", String.valueOf(ageSeconds)).putHeader(STALE_HEADER, "stale; reason=" + reason)
                .end(Buffer.buffer(answer.body()));
    }

    private static void copy(HttpServerResponse response, String method, BackendResponse answer) {
        response.setStatusCode(answer.status());
        HopByHopHeaders hopByHop = HopByHopHeaders.of(answer.headers().getOrDefault("Connection", List.of()));
        boolean head = "HEAD".equals(method);
        MultiMap headers = response.headers();
        for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            String name = header.getKey();
            if (!hopByHop.contains(name) && (head || !RECOMPUTED.contains(name))) {
                headers.add(name, header.getValue());
            }
        }
    }
}
