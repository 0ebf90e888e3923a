package io.breakwater.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

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
        return call(given(), path);
    }

    /**
     * Makes {@code stub} fail until the breaker in front of {@code /api/<route>} opens: {@code failMax} calls get the
     * backend's 500, and the next one the open breaker's 503.
     *
     * @return the answers to those calls, in order
     */
    public static List<Response> openBreaker(StubBackend stub, String route, int failMax) {
        return openBreaker(RestAssured::given, stub, route, failMax);
    }

    /**
     * {@link #openBreaker(StubBackend, String, int)} on the gateway at {@code gatewayUrl}, such as a
     * {@link GatewayProcess}.
     */
    public static List<Response> openBreaker(String gatewayUrl, StubBackend stub, String route, int failMax) {
        return openBreaker(() -> given().baseUri(gatewayUrl), stub, route, failMax);
    }

    private static List<Response> openBreaker(Supplier<RequestSpecification> gateway, StubBackend stub, String route,
            int failMax) {
        stub.answer(500, "{\"error\":\"boom\"}");
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < failMax; i++) {
            answers.add(call(gateway.get(), "/api/" + route + "/fail").then().log().ifValidationFails()
                    .statusCode(500).extract().response());
        }
        answers.add(call(gateway.get(), "/api/" + route + "/fail").then().log().ifValidationFails()
                .statusCode(503).extract().response());
        return answers;
    }

    private static Response call(RequestSpecification gateway, String path) {
        return gateway.auth().oauth2("test-token").when().get(path);
    }
}
