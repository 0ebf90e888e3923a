package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PathGuard#problem}, rule by rule: each refusal with the cases just inside and just outside it. The request
 * targets are given as a client sends them; the raw path is what Vert.x's {@code request.path()} makes of them
 * (everything before the first {@code ?}).
 */
class PathGuardTest {

    private static final String NOT_A_PATH = "the request target must be a path starting with /";
    private static final String EMPTY_SEGMENT = "empty path segments are not allowed";
    private static final String BACKSLASH = "backslashes are not allowed in paths";
    private static final String TRAVERSAL = "path traversal is not allowed";
    private static final String CONTROL = "control characters are not allowed in paths";
    private static final String ENCODED_SLASH = "encoded slashes are not allowed in paths";
    private static final String ENCODED_TOO_OFTEN = "paths may be percent-encoded at most twice";

    /** As Vert.x splits a request target that starts with {@code /}. */
    private static String problem(String target) {
        int query = target.indexOf('?');
        return PathGuard.problem(target, query < 0 ? target : target.substring(0, query));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/",
            "/api/control",
            "/api/control/",
            "/api/control/x",
            "/api/control/a/b/c/",
            "/api/control/.hidden",
            "/api/control/a.",
            "/api/control/a./b",
            "/api/control/...",
            "/api/control/a..b",
            "/api/control/..a",
            "/api/control/%2e%2ex",
            "/api/control/.%2e.",
            "/api/control/a;b=c",
            "/api/control/a%20b",
            "/api/control/%7e",
            "/api/control/caf%C3%A9",
            "/api/control/caf\u00c3\u00a9",
            "/api/control/%f0%9f%8c%8a",
            "/api/control/100%25",
            "/api/control/%2525",
            "/api/control/50%",
            "/api/control/%2",
            "/api/control/%zz",
            "/api/control/%252",
            "/api/control/x?next=../../admin&p=%2F%5c%00//",
    })
    void acceptsPlainPaths(String target) {
        assertNull(problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/..",
            "/api/control/../data/rows",
            "/api/control/a/../../q/health",
            "/api/control/.",
            "/api/control/./x",
            "/api/control/x/.",
            "/..",
            "/.",
            "/api/control/%2e",
            "/api/control/%2E%2E/x",
            "/api/control/%2e%2e",
            "/api/control/.%2e/x",
            "/api/control/%2e./x",
            "/api/control/%252e%252e/x",
            "/api/control/%252E",
            "/api/control/%%32%65%%32%65/x",
    })
    void refusesDotSegmentsPlainOrEncodedOnceOrTwice(String target) {
        assertEquals(TRAVERSAL, problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control//x",
            "//api/control/x",
            "/api/control/x//",
            "/api/control///",
            "//",
            "//evil.example/x",
    })
    void refusesEmptySegments(String target) {
        assertEquals(EMPTY_SEGMENT, problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/a%2Fb",
            "/api/control/a%2fb",
            "/api/control/a/%2fetc/passwd",
            "/api/control/%2F",
            "/api/control/a%2F..%2Fx",
            "/api/control/a%252fb",
            "/api/control/a%25252fb",
    })
    void refusesEncodedSlashesHoweverOftenEncoded(String target) {
        assertEquals(ENCODED_SLASH, problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/a\\b",
            "/api/control/a\\..\\x",
            "/api/control/a%5cb",
            "/api/control/a%5Cb",
            "/api/control/a%5c..%5cx",
            "/api/control/a%255cb",
    })
    void refusesBackslashesPlainOrEncodedOnceOrTwice(String target) {
        assertEquals(BACKSLASH, problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/a%00b",
            "/api/control/a%01b",
            "/api/control/a%09b",
            "/api/control/a%0d%0aInjected:%20yes",
            "/api/control/a%1fb",
            "/api/control/a%1Fb",
            "/api/control/a%7fb",
            "/api/control/a%2500b",
            "/api/control/a\0b",
            "/api/control/a\tb",
            "/api/control/a\rb",
            "/api/control/a\nb",
            "/api/control/a\u001Fb",
            "/api/control/a\u007Fb",
    })
    void refusesControlCharactersRawOrEncoded(String target) {
        assertEquals(CONTROL, problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/%ff",
            "/api/control/%c0%ae%c0%ae/admin",
            "/api/control/%c0%af",
            "/api/control/%e0%80%ae",
            "/api/control/%ed%a0%80",
            "/api/control/caf%c3",
            "/api/control/%25c0%25ae",
            "/api/control/caf\u00c3",
    })
    void refusesWhatIsNotUtf8RawOrEncoded(String target) {
        assertEquals("paths must be valid UTF-8", problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/control/a b", "/api/control/a~b", "/api/control/a%20b", "/api/control/a%7eb" })
    void acceptsTheCharactersNextToTheControlRanges(String target) {
        assertNull(problem(target), target);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/%25252541",
            "/api/control/%2525252e%2525252e/x",
    })
    void refusesPathsEncodedFourTimes(String target) {
        assertEquals(ENCODED_TOO_OFTEN, problem(target), target);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "http://evil.example/api/control/x | /api/control/x",
            "evil.example/api/control/x        | evil.example/api/control/x",
            "*                                 | *",
            "''                                | ''",
            "NULL                              | /api/control/x",
            "/api/control/x                    | NULL",
    })
    void refusesRequestTargetsThatAreNotAPath(String uri, String rawPath) {
        assertEquals(NOT_A_PATH, PathGuard.problem(uri, rawPath), uri);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "//a\\b            | " + EMPTY_SEGMENT,
            "/a\\..            | " + BACKSLASH,
            "/a/..%5c          | " + BACKSLASH,
            "/a/%2e%2e%2fb     | " + ENCODED_SLASH,
            "/a/%2e%2e/%00     | " + TRAVERSAL,
    })
    void reportsTheFirstRuleBroken(String target, String expected) {
        assertEquals(expected, problem(target), target);
    }

    /**
     * A path that still decodes to something else after two rounds is refused: a backend that decodes once more would
     * see {@code ..}, {@code \} or NUL that no check saw.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "/api/control/%25252e%25252e/x",
            "/api/control/a%25255cb",
            "/api/control/a%252500b",
    })
    void refusesDangerousCharactersEncodedThreeTimes(String target) {
        assertEquals(ENCODED_TOO_OFTEN, problem(target), target);
    }

    /**
     * {@code ..;} is not a dot segment by RFC 3986, but Tomcat and Jetty strip the {@code ;} path parameter and read
     * it as {@code ..}: a backend could read such a path two ways, so it is refused as traversal.
     */
    @ParameterizedTest
    @ValueSource(strings = { "/api/control/..;/admin", "/api/control/%2e%2e;/admin", "/api/control/.;x/a",
            "/api/control/%252e%252e;jsessionid=1/admin" })
    void refusesDotSegmentsWithPathParameters(String target) {
        assertEquals(TRAVERSAL, problem(target), target);
    }

    @Test
    void keepsSemicolonsElsewhere() {
        assertNull(problem("/api/control/a;b/..c;d/x..;/y"));
    }
}
