package io.breakwater.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.breakwater.http.GatewayError;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, before any routing, request paths that try to climb out of where they point or to change the host a
 * request goes to: dot segments ({@code ..}, also percent-encoded, once or twice, also with path parameters as in
 * {@code ..;x}, which Tomcat and Jetty read as {@code ..}), backslashes, encoded slashes, empty segments, control
 * characters, bytes that are not UTF-8, paths percent-encoded more than twice and request targets that are not a plain
 * path.
 */
@Singleton
class PathGuard {

    /** Higher runs earlier; ahead of every route and of Quarkus' own filters. */
    private static final int PRIORITY = 1000;
    /** How often a path may be percent-encoded; each decoded form is checked. */
    private static final int MAX_ENCODINGS = 2;

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        String problem = problem(context.request().uri(), context.request().path());
        if (problem == null) {
            context.next();
        } else {
            GatewayError.badRequest(problem).send(context.response());
        }
    }

    /**
     * @return what is wrong with the request target, or {@code null} if nothing is
     */
    static String problem(String uri, String rawPath) {
        if (uri == null || rawPath == null || !uri.startsWith("/")) {
            return "the request target must be a path starting with /";
        }
        if (rawPath.contains("//")) {
            return "empty path segments are not allowed";
        }
        String path = rawPath;
        for (int decodings = 0;; decodings++) {
            if (path.indexOf('\\') >= 0) {
                return "backslashes are not allowed in paths";
            }
            if (hasDotSegment(path)) {
                return "path traversal is not allowed";
            }
            if (hasControlCharacter(path)) {
                return "control characters are not allowed in paths";
            }
            if (!isUtf8(path)) {
                // as nginx and Envoy refuse it: overlong forms such as %c0%ae hide a dot from checks that decode
                return "paths must be valid UTF-8";
            }
            String decoded = percentDecode(path);
            if (decoded.equals(path)) {
                return null;
            }
            if (count(decoded, '/') != count(path, '/')) {
                return "encoded slashes are not allowed in paths";
            }
            if (decodings == MAX_ENCODINGS) {
                // a backend that decodes once more would see what no check here has seen
                return "paths may be percent-encoded at most twice";
            }
            path = decoded;
        }
    }

    private static boolean hasDotSegment(String path) {
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int parameters = path.indexOf(';', start);
            int length = (parameters >= 0 && parameters < end ? parameters : end) - start;
            if ((length == 1 || length == 2) && path.startsWith("..".substring(0, length), start)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean hasControlCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param path bytes as characters 0 to 255, as the HTTP parser and {@link #percentDecode} give them
     * @return whether those bytes are UTF-8, without overlong forms or surrogates
     */
    private static boolean isUtf8(String path) {
        boolean ascii = true;
        for (int i = 0; i < path.length() && ascii; i++) {
            ascii = path.charAt(i) < 0x80;
        }
        if (ascii) {
            return true;
        }
        byte[] bytes = new byte[path.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = path.charAt(i);
            if (c > 0xFF) {
                return false;
            }
            bytes[i] = (byte) c;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Decodes {@code %XX} escapes byte for byte, leaving malformed ones as they are; enough to look for separators. */
    private static String percentDecode(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder decoded = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int high = i + 2 < path.length() ? Character.digit(path.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(path.charAt(i + 2), 16) : -1;
            if (c == '%' && low >= 0) {
                decoded.append((char) (high * 16 + low));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static int count(String text, char c) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }
}
