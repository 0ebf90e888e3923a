package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HopByHopHeaders}: the fixed list, {@code Proxy-*}, and what {@code Connection} names, in any case. */
class HopByHopHeadersTest {

    private static final HopByHopHeaders NO_CONNECTION_HEADER = HopByHopHeaders.of(List.of());

    @ParameterizedTest
    @ValueSource(strings = {
            "Connection", "connection", "CONNECTION",
            "Keep-Alive", "keep-alive",
            "TE", "te",
            "Trailer", "TRAILER",
            "Transfer-Encoding", "transfer-encoding",
            "Upgrade", "upgrade",
            "Proxy-", "Proxy-Authorization", "proxy-authenticate", "PROXY-CONNECTION", "Proxy-Status",
    })
    void dropsTheFixedListAndProxyHeadersInAnyCase(String header) {
        assertTrue(NO_CONNECTION_HEADER.contains(header), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Content-Type", "Content-Length", "Host", "Authorization", "Cookie", "Set-Cookie", "Via",
            "Trailers", "Upgrade-Insecure-Requests", "TE2", "Keep-Alive-Timeout", "Connections",
            "Proxy", "Proxy_Authorization", "X-Proxy-Id", "",
    })
    void keepsEndToEndHeadersEvenWithSimilarNames(String header) {
        assertFalse(NO_CONNECTION_HEADER.contains(header), header);
    }

    @Test
    void dropsWhatConnectionNamesInAnyCaseAndNothingElse() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(List.of("close, X-Foo", "x-bar"));

        assertTrue(hopByHop.contains("X-Foo"));
        assertTrue(hopByHop.contains("x-foo"));
        assertTrue(hopByHop.contains("X-BAR"));
        assertTrue(hopByHop.contains("close"));
        assertTrue(hopByHop.contains("Keep-Alive"), "the fixed list still applies");
        assertFalse(hopByHop.contains("X-Baz"));
        assertFalse(hopByHop.contains("X-Foo-Bar"));
        assertFalse(HopByHopHeaders.of(List.of("x-baz")).contains("X-Foo"), "one message's list is its own");
    }

    @Test
    void trimsTheTokensConnectionNames() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(List.of("  X-Foo ,\tX-Bar\t,X-Baz"));

        assertTrue(hopByHop.contains("X-Foo"));
        assertTrue(hopByHop.contains("X-Bar"));
        assertTrue(hopByHop.contains("X-Baz"));
        assertFalse(hopByHop.contains(" X-Foo "), "the header names asked about are not trimmed");
    }

    @Test
    void dropsEndToEndHeadersThatConnectionNames() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(List.of("Authorization, Cookie"));

        assertTrue(hopByHop.contains("authorization"));
        assertTrue(hopByHop.contains("COOKIE"));
        assertFalse(hopByHop.contains("Content-Type"));
    }

    @Test
    void anEmptyConnectionListNamesNoRealHeader() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(List.of("", " , ,"));

        assertFalse(hopByHop.contains("Content-Type"));
        assertFalse(hopByHop.contains("X-Foo"));
    }

    @Test
    void caseInsensitiveSetsMatchAnyCase() {
        Set<String> set = HopByHopHeaders.caseInsensitive("Host", "Content-Length");

        assertTrue(set.contains("host"));
        assertTrue(set.contains("CONTENT-LENGTH"));
        assertFalse(set.contains("Content-Type"));
        assertFalse(set.contains("Host "));
    }
}
