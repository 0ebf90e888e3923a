package io.breakwater.http;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * Quarkus' own wrapper of a request, beneath Vert.x Web's. Quarkus puts one around every request only where something
 * of its own needs it (the graceful shutdown of {@code quarkus.shutdown.timeout}, which the gateway sets, its access
 * log, SameSite cookies): with {@code QUARKUS_SHUTDOWN_TIMEOUT=0s} and nothing else, a request has none.
 */
public final class QuarkusRequests {

    private QuarkusRequests() {
    }

    /**
     * @return the request's wrapper, or {@code null} if Quarkus put none
     */
    public static QuarkusRequestWrapper wrapper(HttpServerRequest request) {
        // where QuarkusRequestWrapper.get looks, without its failure where there is none
        Object marker = request.getCookie(QuarkusRequestWrapper.FAKE_COOKIE_NAME);
        return marker instanceof QuarkusRequestWrapper.QuarkusCookie cookie ? cookie.getRequestWrapper() : null;
    }
}
