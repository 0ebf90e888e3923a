package io.breakwater.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The gateway's own answers, as clients and the seed's jq checks read them: fields in this order, none that is null.
 */
class GatewayErrorTest {

    @Test
    void writesAnOpenBreakersAnswer() {
        assertEquals("{\"error\":\"Service temporarily unavailable\",\"retry_after\":27,\"service\":\"ControlAPI\"}",
                GatewayError.serviceUnavailable("ControlAPI", 27).toJson());
    }

    @Test
    void writesABadRequestWithItsDetailAndNothingElse() {
        assertEquals("{\"error\":\"Bad request\",\"detail\":\"path traversal is not allowed\"}",
                GatewayError.badRequest("path traversal is not allowed").toJson());
    }

    @Test
    void escapesWhatItQuotes() {
        assertEquals("{\"error\":\"Not found\",\"detail\":\"no circuit breaker is named '\\\"x\\\\'\"}",
                GatewayError.notFound("no circuit breaker is named '\"x\\'").toJson());
    }
}
