package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;


/** {@link RequestTarget#below}: what of {@code /api/<route>/<rest>?<query>} goes to the backend, and how. */
class RequestTargetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "/api/control/x             | NULL           | /x",
            "/api/control/a/b/c         | NULL           | /a/b/c",
            "/api/control/a/b/          | NULL           | /a/b/",
            "/api/control/              | NULL           | /",
            "/api/control               | NULL           | ''",
            "/api/control               | x=1            | ?x=1",
            "/api/control/x             | ''             | /x?",
            "/api/control/search        | q=a&r=b&q=c    | /search?q=a&r=b&q=c",
            "/api/control/x             | next=/y?z=1    | /x?next=/y?z=1",
            "/api/control/api/control/x | NULL           | /api/control/x",
    })
    void passesOnWhatFollowsTheRouteAndTheQuery(String path, String query, String expected) {
        assertEquals(expected, RequestTarget.below("control", path, query));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/controlx/y",
            "/api/control.x/y",
            "/api/contro",
            "/api/Control/x",
            "/API/control/x",
            "/apix/control/x",
            "/api/",
            "/x/control/y",
    })
    void refusesPathsThatDoNotStartWithTheRouteSpelledExactly(String path) {
        assertNull(RequestTarget.below("control", path, null), path);
    }

    static Stream<Arguments> uriCharacters() {
        return Stream.of(
                arguments("/api/control/-._~!$&'()*+,;=:@", null, "/-._~!$&'()*+,;=:@"),
                arguments("/api/control/x", "a=-._~!$&'()*+,;=:@/?", "/x?a=-._~!$&'()*+,;=:@/?"),
                arguments("/api/control/a%2Fb%2fc%41", "q=%5B%5d", "/a%2Fb%2fc%41?q=%5B%5d"),
                arguments("/api/control/x", "q=[a]&r=x", "/x?q=%5Ba%5D&r=x"),
                arguments("/api/control/a b", "q=a b+c", "/a%20b?q=a%20b+c"),
                arguments("/api/control/<{|}>", null, "/%3C%7B%7C%7D%3E"),
                arguments("/api/control/\"^`\\#", null, "/%22%5E%60%5C%23"),
                arguments("/api/control/x", "q=\"#", "/x?q=%22%23"));
    }

    @ParameterizedTest
    @MethodSource("uriCharacters")
    void percentEncodesOnlyWhatAUriMayNotHold(String path, String query, String expected) {
        assertEquals(expected, RequestTarget.below("control", path, query));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/50%        | /50%25",
            "/%          | /%25",
            "/%4         | /%254",
            "/%4g        | /%254g",
            "/%zz        | /%25zz",
            "/%%41       | /%25%41",
            "/%41        | /%41",
    })
    void encodesAPercentSignOnlyWhenItStartsNoEscape(String rest, String expected) {
        assertEquals(expected, RequestTarget.below("control", "/api/control" + rest, null));
        assertEquals("/x?" + expected.substring(1), RequestTarget.below("control", "/api/control/x",
                rest.substring(1)));
    }

    static Stream<Arguments> otherCharacters() {
        return Stream.of(
                // raw UTF-8 bytes, as Netty hands them over (one char per byte): each byte encoded
                arguments("/caf\u00C3\u00A9", "/caf%C3%A9"),
                arguments("/\u00FF\u0080", "/%FF%80"),
                // control characters
                arguments("/a\u0001b\tc\u007F", "/a%01b%09c%7F"),
                // a char above U+00FF (which Netty never hands over): encoded as UTF-8
                arguments("/\u20AC", "/%E2%82%AC"));
    }

    @ParameterizedTest
    @MethodSource("otherCharacters")
    void encodesOtherCharactersByteForByte(String rest, String expected) {
        assertEquals(expected, RequestTarget.below("control", "/api/control" + rest, null));
    }
}
