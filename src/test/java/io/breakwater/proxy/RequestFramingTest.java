package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.breakwater.http.GatewayError;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpVersion;

class RequestFramingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "chunked                   | ",
            "Chunked                   | ",
            "xchunked                  | 400",
            "gzip                      | 400",
            "chunked, gzip             | 400",
            "gzip, chunked             | 501",
            "chunked , identity        | 400",
    })
    void acceptsChunkedAloneAsTheTransferCoding(String transferEncoding, Integer status) {
        GatewayError problem = RequestFraming.problem(HttpVersion.HTTP_1_1,
                MultiMap.caseInsensitiveMultiMap().add("Host", "a").add("Transfer-Encoding", transferEncoding));

        assertEquals(status, problem == null ? null : problem.status(), transferEncoding);
    }

    @Test
    void refusesRepeatedTransferEncodingHeaders() {
        assertEquals(400, RequestFraming.problem(HttpVersion.HTTP_1_1, MultiMap.caseInsensitiveMultiMap()
                .add("Host", "a").add("Transfer-Encoding", "chunked").add("Transfer-Encoding", "chunked")).status());
    }

    @Test
    void wantsExactlyOneHostInHttp11AndAtMostOneInHttp10() {
        assertEquals(400, RequestFraming.problem(HttpVersion.HTTP_1_1, MultiMap.caseInsensitiveMultiMap()).status());
        assertEquals(400, RequestFraming.problem(HttpVersion.HTTP_1_0,
                MultiMap.caseInsensitiveMultiMap().add("Host", "a").add("Host", "b")).status());
        assertNull(RequestFraming.problem(HttpVersion.HTTP_1_0, MultiMap.caseInsensitiveMultiMap()));
        assertNull(RequestFraming.problem(HttpVersion.HTTP_2, MultiMap.caseInsensitiveMultiMap()));
    }

    static Stream<Arguments> http2Fields() {
        return Stream.of(
                Arguments.of("x-note", "a\tb \u00e9 ~!", true),
                Arguments.of("x-n0te_!#$%&'*+.^`|~", "v", true),
                Arguments.of("x-note", "a\rb", false),
                Arguments.of("x-note", "a\nInjected: yes", false),
                Arguments.of("x-note", "a\u0000b", false),
                Arguments.of("x-note", "a\u000bb", false),
                Arguments.of("x-note", "a\u007fb", false),
                Arguments.of("x note", "v", false),
                Arguments.of("x(note)", "v", false),
                Arguments.of("x:note", "v", false),
                Arguments.of("", "v", false));
    }

    @ParameterizedTest
    @MethodSource("http2Fields")
    void refusesHttp2FieldsHttpDoesNotAllow(String name, String value, boolean valid) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(name, value);

        assertEquals(valid, RequestFraming.hasValidFields(headers), name + ": " + value);
        GatewayError problem = RequestFraming.problem(HttpVersion.HTTP_2, headers);
        assertEquals(valid ? null : Integer.valueOf(400), problem == null ? null : problem.status());
    }

    @Test
    void refusesUnknownVersionsWith505() {
        assertEquals(505, RequestFraming.problem(null, MultiMap.caseInsensitiveMultiMap().add("Host", "a")).status());
    }
}
