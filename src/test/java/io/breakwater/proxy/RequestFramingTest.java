package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Test
    void refusesUnknownVersionsWith505() {
        assertEquals(505, RequestFraming.problem(null, MultiMap.caseInsensitiveMultiMap().add("Host", "a")).status());
    }
}
