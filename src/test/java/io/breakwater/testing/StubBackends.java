package io.breakwater.testing;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Vertx;

/**
 * Starts a stub for each backend the application declares and points the gateway at them, with small breaker
 * settings so that tests see breakers open and recover quickly: ControlAPI opens after 3 failures, DataAPI (and any
 * other backend) after 2; all half-open after 2 s and time calls out after 2 s.
 */
public class StubBackends extends BackendsUnderTest {

    public static final int CONTROL_FAIL_MAX = 3;
    public static final int DATA_FAIL_MAX = 2;
    public static final int RESET_TIMEOUT_SECONDS = 2;
    public static final int TIMEOUT_SECONDS = 2;

    private final Map<String, StubBackend> stubs = new HashMap<>();

    @Override
    Map<String, String> startBackends(Vertx vertx) {
        Map<String, String> config = new HashMap<>();
        for (DeclaredBackend backend : DeclaredBackend.all()) {
            StubBackend stub = new StubBackend(vertx).start();
            stubs.put(backend.breakerName(), stub);
            config.putAll(settings(backend, stub.url()));
        }
        return config;
    }

    /** The settings that point the gateway at {@code backend} at {@code url}, with the breaker settings above. */
    static Map<String, String> settings(DeclaredBackend backend, String url) {
        String prefix = backend.configPrefix();
        return Map.of(prefix + ".url", url,
                prefix + ".fail-max",
                String.valueOf(backend.breakerName().equals("ControlAPI") ? CONTROL_FAIL_MAX : DATA_FAIL_MAX),
                prefix + ".reset-timeout", String.valueOf(RESET_TIMEOUT_SECONDS),
                prefix + ".timeout", String.valueOf(TIMEOUT_SECONDS));
    }

    @Override
    void injectBackends(TestInjector injector) {
        stubs.forEach((breakerName, stub) -> inject(injector, breakerName, stub));
    }
}
