package io.breakwater.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.util.AsciiString;

/** {@link SharedHeaderNames}: a common name, found in the bytes of a head, is one object spelled as it was read. */
class SharedHeaderNamesTest {

    @ParameterizedTest
    @ValueSource(strings = { "Content-Type", "content-type", "Date", "date", "ETag", "etag", "Set-Cookie",
        "Strict-Transport-Security", "x-request-id" })
    void findsACommonNameSpelledAsRead(String name) {
        byte[] line = ("xx" + name + ": value").getBytes(StandardCharsets.US_ASCII);

        AsciiString found = SharedHeaderNames.find(line, 2, name.length());

        assertEquals(name, found.toString());
        assertSame(found, SharedHeaderNames.find(line, 2, name.length()), "the same object for every answer");
        assertSame(found.toString(), SharedHeaderNames.find(line, 2, name.length()).toString(),
                "its String made once");
    }

    @ParameterizedTest
    @ValueSource(strings = { "CONTENT-TYPE", "Content-type", "X-Custom", "Content-Typ", "Content-Types", "",
        "An-Unusually-Long-Header-Name-Of-Forty-Bytes" })
    void anyOtherNameIsNotShared(String name) {
        byte[] line = (name + ": value").getBytes(StandardCharsets.US_ASCII);

        assertNull(SharedHeaderNames.find(line, 0, name.length()));
    }
}
