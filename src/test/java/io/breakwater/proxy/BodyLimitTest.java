package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which declared lengths {@link BodyLimit} refuses with 413 before a byte of the body is read, against a limit of
 * 1000 bytes; the answer itself is checked through HTTP in {@code HostileRequestTest}.
 */
class BodyLimitTest {

    private static final long LIMIT = 1000;

    @ParameterizedTest
    @ValueSource(strings = { "0", "1", "999", "1000", " 1000 ", "01000", "-1", "+1000" })
    void passesOnBodiesUpToTheLimit(String contentLength) {
        assertFalse(BodyLimit.isOver(contentLength, LIMIT), contentLength);
    }

    @ParameterizedTest
    @ValueSource(strings = { "1001", " 1001", "1001\t", "+1001", "0001001", "9223372036854775807" })
    void refusesDeclaredLengthsOverTheLimit(String contentLength) {
        assertTrue(BodyLimit.isOver(contentLength, LIMIT), contentLength);
    }

    /** Not a number: left to Netty's parser, which refuses it (and a body without a length is counted as it comes). */
    @ParameterizedTest
    @ValueSource(strings = { "", "abc", "1e6", "1000, 1000", "0x10000", "9223372036854775808",
            "99999999999999999999" })
    void passesOnLengthsItCannotRead(String contentLength) {
        assertFalse(BodyLimit.isOver(contentLength, LIMIT), contentLength);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "9223372036854775807" })
    void hasNoLimitWhenNoneIsConfigured(String contentLength) {
        assertFalse(BodyLimit.isOver(contentLength, Long.MAX_VALUE), contentLength);
    }
}
