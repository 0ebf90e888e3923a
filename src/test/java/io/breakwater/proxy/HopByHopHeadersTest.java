package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/** {@link HopByHopHeaders}: the fixed list, {@code Proxy-*}, and what {@code Connection} names, in any case. */
class HopByHopHeadersTest {

    private static final HopByHopHeaders NO_CONNECTION_HEADER = HopByHopHeaders.of(connection());

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
        HopByHopHeaders hopByHop = HopByHopHeaders.of(connection("close, X-Foo", "x-bar"));

        assertTrue(hopByHop.contains("X-Foo"));
        assertTrue(hopByHop.contains("x-foo"));
        assertTrue(hopByHop.contains("X-BAR"));
        assertTrue(hopByHop.contains("close"));
        assertTrue(hopByHop.contains("Keep-Alive"), "the fixed list still applies");
        assertFalse(hopByHop.contains("X-Baz"));
        assertFalse(hopByHop.contains("X-Foo-Bar"));
        assertFalse(HopByHopHeaders.of(connection("x-baz")).contains("X-Foo"), "one message's list is its own");
    }

    @Test
    void theUsualConnectionOptionsNameNothingBeyondTheFixedList() {
        HopByHopHeaders keepAlive = HopByHopHeaders.of(connection("keep-alive"));
        HopByHopHeaders closeAndUpgrade = HopByHopHeaders.of(connection("Upgrade, CLOSE", "Keep-Alive"));

        assertTrue(keepAlive.contains("Keep-Alive"));
        assertFalse(keepAlive.contains("Content-Type"));
        assertFalse(keepAlive.contains("close"));
        assertTrue(closeAndUpgrade.contains("Upgrade"));
        assertTrue(closeAndUpgrade.contains("Close"));
        assertFalse(closeAndUpgrade.contains("Content-Type"));
    }

    @Test
    void namesAfterCloseAreDroppedToo() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(connection("close,X-Foo,keep-alive,X-Bar"));

        assertTrue(hopByHop.contains("close"));
        assertTrue(hopByHop.contains("x-foo"));
        assertTrue(hopByHop.contains("X-Bar"));
        assertFalse(hopByHop.contains("X-Baz"));
    }

    @Test
    void trimsTheTokensConnectionNames() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(connection("  X-Foo ,\tX-Bar\t,X-Baz"));

        assertTrue(hopByHop.contains("X-Foo"));
        assertTrue(hopByHop.contains("X-Bar"));
        assertTrue(hopByHop.contains("X-Baz"));
        assertFalse(hopByHop.contains(" X-Foo "), "the header names asked about are not trimmed");
    }

    @Test
    void dropsEndToEndHeadersThatConnectionNames() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(connection("Authorization, Cookie"));

        assertTrue(hopByHop.contains("authorization"));
        assertTrue(hopByHop.contains("COOKIE"));
        assertFalse(hopByHop.contains("Content-Type"));
    }

    @Test
    void anEmptyConnectionListNamesNoRealHeader() {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(connection("", " , ,"));

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

    /** Headers with {@code Connection} headers of these values, as a message would have them. */
    private static MultiMap connection(String... values) {
        MultiMap headers = HttpHeaders.headers().add("Content-Type", "application/json");
        for (String value : values) {
            headers.add(HttpHeaders.CONNECTION, value);
        }
        return headers;
    }
}
