package io.breakwater.testing;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Starts a stub for each backend and points the gateway at them, with small breaker settings so that tests see
 * breakers open and recover quickly: ControlAPI opens after 3 failures, DataAPI after 2; both half-open after
 * 2 s and time calls out after 2 s. Everything the gateway writes to Redis goes under a key prefix of this run's own
 * ({@link KeyPrefix}), deleted at the end.
 */
public class StubBackends implements QuarkusTestResourceLifecycleManager {

    public static final int CONTROL_FAIL_MAX = 3;
    public static final int DATA_FAIL_MAX = 2;
    public static final int RESET_TIMEOUT_SECONDS = 2;
    public static final int TIMEOUT_SECONDS = 2;

    private Vertx vertx;
    private StubBackend control;
    private StubBackend data;
    private final String keyPrefix = "breakwater-test-" + UUID.randomUUID();

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        control = new StubBackend(vertx).start();
        data = new StubBackend(vertx).start();
        return Map.of(
                "gateway.redis.key-prefix", keyPrefix,
                "control-api.url", control.url(),
                "control-api.fail-max", String.valueOf(CONTROL_FAIL_MAX),
                "control-api.reset-timeout", String.valueOf(RESET_TIMEOUT_SECONDS),
                "control-api.timeout", String.valueOf(TIMEOUT_SECONDS),
                "data-api.url", data.url(),
                "data-api.fail-max", String.valueOf(DATA_FAIL_MAX),
                "data-api.reset-timeout", String.valueOf(RESET_TIMEOUT_SECONDS),
                "data-api.timeout", String.valueOf(TIMEOUT_SECONDS));
    }

    @Override
    public void inject(TestInjector injector) {
        inject(injector, "control", control);
        inject(injector, "data", data);
        injector.injectIntoFields(keyPrefix, field -> field.isAnnotationPresent(KeyPrefix.class));
    }

    private static void inject(TestInjector injector, String route, StubBackend stub) {
        injector.injectIntoFields(stub, field -> field.getType() == StubBackend.class
                && field.isAnnotationPresent(Stub.class) && field.getAnnotation(Stub.class).value().equals(route));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        try (TestRedis redis = TestRedis.connect(TestRedis.sharedUrl())) {
            redis.deleteKeys(keyPrefix);
        } catch (RuntimeException e) {
            // Redis may be a private one already stopped, or Dev Services' container already gone
        }
    }
}
