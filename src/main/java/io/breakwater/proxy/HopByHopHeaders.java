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

    private static final String[] FIXED_NAMES = { "Connection", "Keep-Alive", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade" };
    private static final Set<String> FIXED = caseInsensitive(FIXED_NAMES);
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
            // most messages say only "keep-alive", which names a header of the fixed list: read in place, so that
            // they cost no set of names
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                int from = start;
                int to = end;
                while (from < to && Character.isWhitespace(value.charAt(from))) {
                    from++;
                }
                while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
                    to--;
                }
                if (to > from && !namesFixed(value, from, to)) {
                    if (named == null) {
                        named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    }
                    named.add(value.substring(from, to));
                }
                start = end + 1;
            }
        }
        return named == null ? FIXED_ONLY : new HopByHopHeaders(named);
    }

    /** Whether {@code value[from, to)} names a header of the fixed list, dropped anyway. */
    private static boolean namesFixed(String value, int from, int to) {
        for (String fixed : FIXED_NAMES) {
            if (to - from == fixed.length() && value.regionMatches(true, from, fixed, 0, fixed.length())) {
                return true;
            }
        }
        return false;
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
