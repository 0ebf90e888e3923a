package io.breakwater.proxy;

import java.util.Map;
import java.util.Set;

import io.breakwater.backend.BackendRequest;
import io.breakwater.http.QuarkusRequests;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * Turns a client's request to {@code /api/<route>/<path>} into the head of the request the backend receives: same
 * method, path and query string; end-to-end headers only; {@code X-Forwarded-For}, {@code -Proto} and {@code -Host}
 * set from what the gateway saw (Quarkus resolves these from trusted proxies when
 * {@code quarkus.http.proxy.proxy-address-forwarding} is on). The body, if any, streams after it.
 */
final class OutgoingRequest {

    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";

    /** Headers the gateway sets itself or that the outgoing connection computes anew. */
    private static final Set<String> REPLACED = HopByHopHeaders.caseInsensitive("Host", "Content-Length", "Expect",
            "Forwarded", X_FORWARDED_FOR, X_FORWARDED_PROTO, X_FORWARDED_HOST, "X-Forwarded-Port",
            "X-Forwarded-Prefix");

    private OutgoingRequest() {
    }

    /**
     * @param pathAndQuery the raw path below {@code /api/<route>} (empty or starting with {@code /}) and query
     */
    static BackendRequest of(HttpServerRequest request, String pathAndQuery) {
        return new BackendRequest(request.method(), pathAndQuery, headers(request));
    }

    private static MultiMap headers(HttpServerRequest request) {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(request.headers());
        MultiMap headers = HttpHeaders.headers();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey();
            if (!REPLACED.contains(name) && !hopByHop.contains(name)) {
                headers.add(name, header.getValue());
            }
        }
        // Quarkus' own request, beneath Vert.x Web's, has resolved the forwarding headers of trusted proxies if it is
        // told to; Vert.x Web's works out the same values again, with an absolute URI no one reads
        HttpServerRequest quarkus = QuarkusRequests.wrapper(request);
        HttpServerRequest seen = quarkus != null ? quarkus : request;
        SocketAddress client = seen.remoteAddress();
        if (client != null && client.hostAddress() != null) {
            headers.set(X_FORWARDED_FOR, client.hostAddress());
        }
        headers.set(X_FORWARDED_PROTO, seen.scheme());
        HostAndPort authority = seen.authority();
        if (authority != null) {
            headers.set(X_FORWARDED_HOST,
                    authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host());
        }
        return headers;
    }
}
