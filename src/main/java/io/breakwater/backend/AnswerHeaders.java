package io.breakwater.backend;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

/**
 * The headers of a backend's answer as {@link BackendCodec} reads them: Netty's, validated as Netty validates them,
 * but with the common names shared. Netty reads every name into a new {@code AsciiString}, and relaying the answer
 * turns each into a new {@code String}; a shared name holds its {@code String} already, so that a usual answer's
 * names cost nothing to relay.
 */
final class AnswerHeaders extends DefaultHttpHeaders {

    /** Makes the headers of every answer's head; trailers are Netty's own. */
    static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {

        @Override
        public HttpHeaders newHeaders() {
            return new AnswerHeaders();
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return NETTY.newEmptyHeaders();
        }
    };

    private static final DefaultHttpHeadersFactory NETTY = DefaultHttpHeadersFactory.headersFactory();

    /** Names as backends usually write them, each in its usual and its lower case, keyed by itself. */
    private static final Map<AsciiString, AsciiString> SHARED = new HashMap<>();

    static {
        for (String name : new String[] { "Accept-Ranges", "Access-Control-Allow-Origin", "Age", "Cache-Control",
            "Connection", "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "Date", "ETag",
            "Expires", "Keep-Alive", "Last-Modified", "Location", "Pragma", "Server", "Set-Cookie",
            "Strict-Transport-Security", "Transfer-Encoding", "Vary", "X-Content-Type-Options", "X-Frame-Options",
            "X-Request-Id" }) {
            for (String spelling : new String[] { name, name.toLowerCase(Locale.ROOT) }) {
                AsciiString shared = AsciiString.cached(spelling);
                SHARED.put(shared, shared);
            }
        }
    }

    private AnswerHeaders() {
        super(NETTY.getNameValidator(), NETTY.getValueValidator());
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        AsciiString shared = SHARED.get(name);
        return super.add(shared != null ? shared : name, value);
    }
}
