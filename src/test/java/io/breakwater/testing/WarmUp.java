package io.breakwater.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brings a freshly started packaged gateway up to speed before the first test of a class: on a JVM its first call to
 * a backend loads and compiles much of the REST client stack, which can take longer than the one-second timeout of
 * {@link StubBackends} and would fail that test with a 504 (a native executable needs no warming). Register it on
 * a {@code @QuarkusIntegrationTest} class with {@code @ExtendWith}: it runs once the test's URL is known and before
 * the tests' own {@code @BeforeEach} methods, which reset the stubs and so forget the warm-up calls.
 */
public class WarmUp implements BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WarmUp.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getParent().orElseThrow().getStore(NAMESPACE).computeIfAbsent("warm", key -> {
            throughEveryBackend();
            return Boolean.TRUE;
        });
    }

    /**
     * Calls each backend the gateway lists in {@code /health/circuit-breakers} until one call gets through in time
     * (a call that times out is answered 504, and after a few of them 503 until the breaker's trial call).
     */
    private static void throughEveryBackend() {
        List<String> routes = given().when().get("/health/circuit-breakers").then().statusCode(200)
                .extract().jsonPath().getList("circuit_breakers.collect { it.value.route }", String.class);
        for (String route : routes) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().when().get(route + "/warm-up").statusCode() == 200);
        }
    }
}
