package io.breakwater.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * What every test resource that stands in for the backends does: runs them on a Vert.x of its own, points the gateway
 * at them and at a Redis ({@link LocalRedis}), and keeps everything the gateway writes to Redis under a key prefix of
 * this run's own ({@link KeyPrefix}), deleted at the end.
 */
abstract class BackendsUnderTest implements QuarkusTestResourceLifecycleManager {

    private final String keyPrefix = "breakwater-test-" + UUID.randomUUID();
    private Vertx vertx;

    /**
     * Starts the backends.
     *
     * @return the settings that point the gateway at them
     */
    abstract Map<String, String> startBackends(Vertx vertx);

    /** Hands the backends to the test's fields. */
    abstract void injectBackends(TestInjector injector);

    /** Stops what the backends need beside their Vert.x, which is closed next. */
    void stopBackends() {
    }

    @Override
    public final Map<String, String> start() {
        // Quarkus turns Vert.x's WebSocket support off when no WebSocket extension is installed, by this property,
        // which Vert.x reads once per JVM, as its first HTTP server starts: here, the stubs' rather than the
        // gateway's. Left on, it makes Vert.x answer a request of an HTTP version it does not know itself, 501
        // without a body, where the packaged gateway answers 505 with its JSON.
        System.setProperty("vertx.disableWebsockets", "true");
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>(startBackends(vertx));
        config.put("gateway.redis.key-prefix", keyPrefix);
        LocalRedis.forQuarkusTests().ifPresent(url -> config.put("quarkus.redis.hosts", url));
        return config;
    }

    @Override
    public final void inject(TestInjector injector) {
        injectBackends(injector);
        injector.injectIntoFields(keyPrefix, field -> field.isAnnotationPresent(KeyPrefix.class));
    }

    /** Hands {@code stub} to the test's fields marked {@code @Stub(breakerName)}. */
    static void inject(TestInjector injector, String breakerName, StubBackend stub) {
        inject(injector, breakerName, "", stub);
    }

    /**
     * Hands {@code stub}, one of a backend's several, to the test's fields marked
     * {@code @Stub(value = breakerName, address = address)}.
     */
    static void inject(TestInjector injector, String breakerName, String address, StubBackend stub) {
        injector.injectIntoFields(stub, field -> field.getType() == StubBackend.class
                && field.isAnnotationPresent(Stub.class) && field.getAnnotation(Stub.class).value().equals(breakerName)
                && field.getAnnotation(Stub.class).address().equals(address));
    }

    @Override
    public final void stop() {
        stopBackends();
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
