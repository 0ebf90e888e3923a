package io.breakwater.testing;

import java.util.Map;

import io.vertx.core.Vertx;

/**
 * Starts a stub for each backend and points the gateway at them, with small breaker settings so that tests see
 * breakers open and recover quickly: ControlAPI opens after 3 failures, DataAPI after 2; both half-open after
 * 2 s and time calls out after 2 s.
 */
public class StubBackends extends BackendsUnderTest {

    public static final int CONTROL_FAIL_MAX = 3;
    public static final int DATA_FAIL_MAX = 2;
    public static final int RESET_TIMEOUT_SECONDS = 2;
    public static final int TIMEOUT_SECONDS = 2;

    private StubBackend control;
    private StubBackend data;

    @Override
    Map<String, String> startBackends(Vertx vertx) {
        control = new StubBackend(vertx).start();
        data = new StubBackend(vertx).start();
        return Map.of(
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
    void injectBackends(TestInjector injector) {
        inject(injector, "control", control);
        inject(injector, "data", data);
    }
}
