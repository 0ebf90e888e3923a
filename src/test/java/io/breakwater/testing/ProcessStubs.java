package io.breakwater.testing;

import java.util.UUID;

import io.vertx.core.Vertx;

/**
 * Stub backends for a test that runs the packaged gateway as a process ({@link GatewayProcess}): on a Vert.x of their
 * own, with a Redis key prefix of the test's own for the gateway to write under, whose keys are deleted on close.
 */
public final class ProcessStubs implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final String keyPrefix;

    /** @param name the test's, in the key prefix */
    public ProcessStubs(String name) {
        this.keyPrefix = "breakwater-test-" + name + "-" + UUID.randomUUID();
    }

    /** A stub backend, started. */
    public StubBackend start() {
        return new StubBackend(vertx).start();
    }

    /** What {@code GATEWAY_REDIS_KEY_PREFIX} should be for the gateway under test. */
    public String keyPrefix() {
        return keyPrefix;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        TestRedis.deleteSharedKeys(keyPrefix);
    }
}
