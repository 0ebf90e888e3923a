package io.breakwater.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/** {@link AnswerHeaders}: Netty's headers, with the common names shared, spelled as the backend spelled them. */
class AnswerHeadersTest {

    @Test
    void keepsEveryNameAsTheBackendSpelledIt() {
        HttpHeaders headers = read("Content-Type", "content-length", "CONTENT-type", "X-Custom", "etag");

        assertEquals(List.of("Content-Type", "content-length", "CONTENT-type", "X-Custom", "etag"),
                headers.entries().stream().map(Map.Entry::getKey).toList());
        assertEquals("v-Content-Type", headers.get("content-type"), "looked up in any case");
    }

    @Test
    void aCommonNameIsTheSameStringInEveryAnswer() {
        HttpHeaders one = read("Content-Type", "date");
        HttpHeaders other = read("Content-Type", "date");

        assertSame(one.entries().get(0).getKey(), other.entries().get(0).getKey());
        assertSame(one.entries().get(1).getKey(), other.entries().get(1).getKey());
    }

    @Test
    void validatesAsNettyDoes() {
        HttpHeaders headers = AnswerHeaders.FACTORY.newHeaders();

        assertThrows(IllegalArgumentException.class, () -> headers.add(new AsciiString("Bad Name"), "x"));
        assertThrows(IllegalArgumentException.class, () -> headers.add(new AsciiString("X-Ok"), "split\r\nX-Evil: 1"));
    }

    /** Headers as the decoder reads them: every name a new {@code AsciiString}, every value a {@code String}. */
    private static HttpHeaders read(String... names) {
        HttpHeaders headers = AnswerHeaders.FACTORY.newHeaders();
        for (String name : names) {
            headers.add(new AsciiString(name), "v-" + name);
        }
        return headers;
    }
}
