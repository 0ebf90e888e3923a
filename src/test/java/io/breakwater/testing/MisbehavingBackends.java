package io.breakwater.testing;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * ControlAPI is a {@link MisbehavingBackend}, DataAPI a well-behaved {@link StubBackend} that must stay served
 * whatever ControlAPI does. Calls time out after 2 s, bodies after 1 s without a byte; ControlAPI's breaker needs many
 * failures to open, so that each test sees the gateway's answers rather than the breaker's.
 */
public class MisbehavingBackends implements QuarkusTestResourceLifecycleManager {

    public static final int BODY_IDLE_TIMEOUT_SECONDS = 1;

    private Vertx vertx;
    private MisbehavingBackend control;
    private StubBackend data;
    private final String keyPrefix = "breakwater-test-" + UUID.randomUUID();

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        control = new MisbehavingBackend(vertx).start();
        data = new StubBackend(vertx).start();
        return Map.of(
                "gateway.redis.key-prefix", keyPrefix,
                "control-api.url", control.url(),
                "control-api.fail-max", "1000",
                "control-api.timeout", "2",
                "control-api.body-idle-timeout", String.valueOf(BODY_IDLE_TIMEOUT_SECONDS),
                "data-api.url", data.url(),
                "data-api.timeout", "2",
                "data-api.body-idle-timeout", String.valueOf(BODY_IDLE_TIMEOUT_SECONDS));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(control, field -> field.getType() == MisbehavingBackend.class);
        injector.injectIntoFields(data, field -> field.getType() == StubBackend.class
                && field.isAnnotationPresent(Stub.class) && field.getAnnotation(Stub.class).value().equals("data"));
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
