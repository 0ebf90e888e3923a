package io.breakwater.proxy;

import java.util.Set;
import java.util.TreeSet;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Headers that describe one connection rather than the message (RFC 9110, section 7.6.1) and so are never passed
 * on, in either direction: the fixed list plus whatever the {@code Connection} header names.
 */
final class HopByHopHeaders {

    private static final Set<String> FIXED = caseInsensitive("Connection", "Keep-Alive", "TE", "Trailer",
            "Transfer-Encoding", "Upgrade");
    private static final HopByHopHeaders FIXED_ONLY = new HopByHopHeaders(Set.of());

    private final Set<String> named;

    private HopByHopHeaders(Set<String> named) {
        this.named = named;
    }

    /**
     * @param headers the message's headers, whose {@code Connection} header may name more
     */
    static HopByHopHeaders of(MultiMap headers) {
        if (!headers.contains(HttpHeaders.CONNECTION)) {
            return FIXED_ONLY;
        }
        Set<String> named = null;
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                if (named == null) {
                    named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                }
                named.add(token.trim());
            }
        }
        return named == null ? FIXED_ONLY : new HopByHopHeaders(named);
    }

    boolean contains(String header) {
        return FIXED.contains(header) || header.regionMatches(true, 0, "Proxy-", 0, 6) || named.contains(header);
    }

    static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Set.of(names));
        return set;
    }
}
