package io.breakwater.proxy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import io.breakwater.backend.BackendResponse;

/**
 * Turns a backend's answer into the client's: same status, body and end-to-end headers.
 */
final class ClientResponses {

    static final String STALE_HEADER = "X-Breakwater-Fallback";

    /** Computed anew by the gateway's own connection, except for HEAD where it describes the absent body. */
    private static final Set<String> RECOMPUTED = HopByHopHeaders.caseInsensitive("Content-Length");

    private ClientResponses() {
    }

    static Response of(String method, BackendResponse answer) {
        return builder(method, answer).build();
    }

    /**
     * A copy of an earlier answer served because the backend cannot give a fresh one, marked with the standard
     * {@code Age} header and {@value #STALE_HEADER}{@code : stale; reason=<why>}.
     */
    static Response stale(BackendResponse answer, long ageSeconds, String reason) {
        return builder("GET", answer).header("Age", ageSeconds)
                .header(STALE_HEADER, "stale; reason=" + reason)
                .build();
    }

    private static Response.ResponseBuilder builder(String method, BackendResponse answer) {
        Response.ResponseBuilder response = Response.status(answer.status());
        HopByHopHeaders hopByHop = HopByHopHeaders.of(answer.headers().getOrDefault("Connection", List.of()));
        boolean head = "HEAD".equals(method);
        for (Map.Entry<String, List<String>> header : answer.headers().entrySet()) {
            String name = header.getKey();
            if (hopByHop.contains(name) || (!head && RECOMPUTED.contains(name))) {
                continue;
            }
            for (String value : header.getValue()) {
                response.header(name, value);
            }
        }
        if (answer.body().length > 0) {
            response.entity(answer.body());
        }
        return response;
    }
}
