package io.breakwater.backend;

import java.util.Arrays;
import java.util.Locale;

import io.netty.util.AsciiString;

/**
 * The header names backends usually send, each made once, in its usual spelling and in lower case. Netty reads every
 * name of an answer into a new {@code AsciiString}, and relaying the answer turns each into a new {@code String}; a
 * shared name holds its {@code String} already, so that a usual answer's names cost nothing to read or to relay.
 * Netty's request decoder does the same for the few names every request has.
 */
final class SharedHeaderNames {

    private static final String[] NAMES = { "Accept-Ranges", "Access-Control-Allow-Origin", "Age", "Cache-Control",
        "Connection", "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "Date", "ETag",
        "Expires", "Keep-Alive", "Last-Modified", "Location", "Pragma", "Server", "Set-Cookie",
        "Strict-Transport-Security", "Transfer-Encoding", "Vary", "X-Content-Type-Options", "X-Frame-Options",
        "X-Request-Id" };

    /** The shared names by their length. */
    private static final AsciiString[][] BY_LENGTH = new AsciiString[32][];

    static {
        for (String name : NAMES) {
            add(AsciiString.cached(name));
            add(AsciiString.cached(name.toLowerCase(Locale.ROOT)));
        }
    }

    private SharedHeaderNames() {
    }

    /**
     * @return the shared name spelled exactly as {@code bytes[start, start + length)}, or {@code null}
     */
    static AsciiString find(byte[] bytes, int start, int length) {
        if (length >= BY_LENGTH.length || BY_LENGTH[length] == null) {
            return null;
        }
        for (AsciiString name : BY_LENGTH[length]) {
            if (sameBytes(name, bytes, start)) {
                return name;
            }
        }
        return null;
    }

    private static boolean sameBytes(AsciiString name, byte[] bytes, int start) {
        for (int i = 0; i < name.length(); i++) {
            if (name.byteAt(i) != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static void add(AsciiString name) {
        AsciiString[] same = BY_LENGTH[name.length()];
        AsciiString[] more = same == null ? new AsciiString[1] : Arrays.copyOf(same, same.length + 1);
        more[more.length - 1] = name;
        BY_LENGTH[name.length()] = more;
    }
}
