package io.breakwater.proxy;

import java.nio.charset.StandardCharsets;

import io.vertx.core.http.HttpServerRequest;

/**
 * The part of a client's request target that is passed on to the backend: the raw path below
 * {@code /api/<route>} and the raw query string, unchanged except that characters a URI may not hold are
 * percent-encoded (as a browser would) so that a sloppy client cannot make the call fail and count against the
 * backend's breaker.
 */
final class RequestTarget {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestTarget() {
    }

    /**
     * @return path and query to append to the backend's base URL, or {@code null} if the raw path does not start
     *         with {@code /api/<route>} spelled exactly so
     */
    static String below(String route, HttpServerRequest request) {
        return below(route, request.path(), request.query());
    }

    /**
     * @param path the raw path, as Vert.x gives it
     * @param query the raw query, or {@code null} if the target has no {@code ?}
     */
    static String below(String route, String path, String query) {
        int start = "/api/".length() + route.length();
        if (path.length() < start || !path.startsWith("/api/") || !path.startsWith(route, 5)
                || (path.length() > start && path.charAt(start) != '/')) {
            return null;
        }
        StringBuilder target = new StringBuilder(path.length() - start + (query == null ? 0 : query.length() + 1));
        appendEncoded(target, path, start);
        if (query != null) {
            appendEncoded(target.append('?'), query, 0);
        }
        return target.toString();
    }

    private static void appendEncoded(StringBuilder target, String raw, int from) {
        for (int i = from; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                target.append(c);
            } else if (isAllowed(c)) {
                target.append(c);
            } else if (c < 0x100) {
                appendByte(target, c);
            } else {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    appendByte(target, b & 0xFF);
                }
            }
        }
    }

    /** RFC 3986 unreserved and sub-delims, plus the separators a path or query may carry. */
    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    private static void appendByte(StringBuilder target, int b) {
        target.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }
}
