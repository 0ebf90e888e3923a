package io.breakwater.testing;

import java.util.Map;

import io.vertx.core.Vertx;

/**
 * ControlAPI is a {@link MisbehavingBackend}, DataAPI a well-behaved {@link StubBackend} that must stay served
 * whatever ControlAPI does. Calls time out after 2 s, bodies after 1 s without a byte; ControlAPI's breaker needs many
 * failures to open, so that each test sees the gateway's answers rather than the breaker's.
 */
public class MisbehavingBackends extends BackendsUnderTest {

    private static final int BODY_IDLE_TIMEOUT_SECONDS = 1;

    private MisbehavingBackend control;
    private StubBackend data;

    @Override
    Map<String, String> startBackends(Vertx vertx) {
        control = new MisbehavingBackend(vertx).start();
        data = new StubBackend(vertx).start();
        return Map.of(
                "control-api.url", control.url(),
                "control-api.fail-max", "1000",
                "control-api.timeout", "2",
                "control-api.body-idle-timeout", String.valueOf(BODY_IDLE_TIMEOUT_SECONDS),
                "data-api.url", data.url(),
                "data-api.timeout", "2",
                "data-api.body-idle-timeout", String.valueOf(BODY_IDLE_TIMEOUT_SECONDS));
    }

    @Override
    void injectBackends(TestInjector injector) {
        injector.injectIntoFields(control, field -> field.getType() == MisbehavingBackend.class);
        inject(injector, "data", data);
    }
}
