package io.breakwater.proxy;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.breakwater.http.GatewayError;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before anything else, HTTP/1 requests whose framing a backend could read another way than the gateway
 * did (RFC 9112, sections 3.2 and 6): another HTTP version than 1.0 and 1.1 (505), a missing or repeated
 * {@code Host}, more than one {@code Transfer-Encoding} header, or one whose last coding is not {@code chunked}
 * (400), or other codings before {@code chunked} (501). The connection is closed after the answer
 * ({@link Refusals}). Netty's parser refuses the rest itself, with the status alone: {@code Content-Length} together
 * with {@code Transfer-Encoding}, several {@code Content-Length} values, {@code chunked} before another coding, and
 * {@code Transfer-Encoding} in HTTP/1.0. An HTTP/2 request is refused (400) if a header's name is not a token or a
 * value holds a control character, which HTTP/1's parser refuses itself: such a header would otherwise fail only when
 * copied towards the backend.
 */
@Singleton
class RequestFraming {

    /** Higher runs earlier; ahead of every other filter and route. */
    private static final int PRIORITY = 1100;

    /** Visible characters that may not be in a token (RFC 9110, 5.6.2). */
    private static final String TOKEN_DELIMITERS = "\"(),/:;<=>?@[\\]{}";

    private final Refusals refusals;

    RequestFraming(Refusals refusals) {
        this.refusals = refusals;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    /**
     * Vert.x Web refuses an HTTP/1.1 request without a valid {@code Host} before any route or filter sees it; this
     * gives that refusal the gateway's answer.
     */
    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::refusedBeforeRouting);
    }

    private void refusedBeforeRouting(RoutingContext context) {
        HttpServerRequest request = context.request();
        GatewayError problem = problem(request.version(), request.headers());
        if (problem == null && context.statusCode() == 400 && request.version() == HttpVersion.HTTP_1_1
                && request.authority() == null) {
            problem = GatewayError.badRequest("the Host header is not a valid host");
        }
        if (problem == null || context.response().headWritten()) {
            context.next();
        } else {
            refusals.refuse(request, problem);
        }
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (refusals.arrivedAfterRefusal(request)) {
            request.connection().close();
            return;
        }
        GatewayError problem = problem(request.version(), request.headers());
        if (problem == null) {
            context.next();
        } else {
            refusals.refuse(request, problem);
        }
    }

    /**
     * @return whether every header's name is a token (RFC 9110, 5.1) and no value holds a control character but a tab
     *         (5.5), such as the CR, LF or NUL with which a header could be split or a log line forged
     */
    static boolean hasValidFields(MultiMap headers) {
        for (Map.Entry<String, String> header : headers) {
            if (!isToken(header.getKey()) || !isFieldValue(header.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x7F || c <= 0x20 || TOKEN_DELIMITERS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param version {@code null} for a version Vert.x does not know
     * @return why the request's framing is refused, or {@code null} if it is sound
     */
    static GatewayError problem(HttpVersion version, MultiMap headers) {
        if (version == null) {
            return GatewayError.versionNotSupported();
        }
        if (version == HttpVersion.HTTP_2) {
            // HTTP/1's parser checks names and values itself; HTTP/2's leaves that to the application (RFC 9113, 8.2.1)
            return hasValidFields(headers) ? null
                    : GatewayError.badRequest("a header's name or value holds characters HTTP does not allow");
        }
        List<String> hosts = headers.getAll(HttpHeaders.HOST);
        if (hosts.size() > 1 || (hosts.isEmpty() && version == HttpVersion.HTTP_1_1)) {
            return GatewayError.badRequest("an HTTP/1.1 request must have exactly one Host header");
        }
        List<String> transferEncodings = headers.getAll(HttpHeaders.TRANSFER_ENCODING);
        if (transferEncodings.isEmpty()) {
            return null;
        }
        if (transferEncodings.size() > 1) {
            return GatewayError.badRequest("more than one Transfer-Encoding header");
        }
        String[] codings = transferEncodings.get(0).split(",");
        if (!codings[codings.length - 1].trim().equalsIgnoreCase("chunked")) {
            return GatewayError.badRequest("the last transfer coding must be chunked");
        }
        if (codings.length > 1) {
            return GatewayError.notImplemented("no transfer coding but chunked is supported");
        }
        if (headers.contains(HttpHeaders.CONTENT_LENGTH)) {
            return GatewayError.badRequest("Content-Length and Transfer-Encoding together");
        }
        return null;
    }
}
