package io.breakwater.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;

/**
 * Calls through the gateway as tests need them.
 */
public final class GatewayCalls {

    private GatewayCalls() {
    }

    /**
     * A GET that the gateway never answers from its stale cache (requests with credentials are never kept), so
     * that each call shows what the backend or the breaker did.
     */
    public static Response call(String path) {
        return given().auth().oauth2("test-token").when().get(path);
    }

    /**
     * Makes {@code stub} fail until the breaker in front of {@code /api/<route>} opens.
     */
    public static void openBreaker(StubBackend stub, String route, int failMax) {
        stub.answer(500, "{\"error\":\"boom\"}");
        for (int i = 0; i < failMax; i++) {
            call("/api/" + route + "/fail").then().log().ifValidationFails().statusCode(500);
        }
        call("/api/" + route + "/fail").then().log().ifValidationFails().statusCode(503);
    }
}
