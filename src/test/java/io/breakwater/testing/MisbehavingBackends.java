package io.breakwater.testing;

import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Vertx;

/**
 * ControlAPI is a {@link MisbehavingBackend}, DataAPI (and any other backend) a well-behaved {@link StubBackend} that
 * must stay served whatever ControlAPI does. Calls time out after 2 s, bodies after 1 s without a byte; ControlAPI's
 * breaker needs many failures to open, so that each test sees the gateway's answers rather than the breaker's.
 */
public class MisbehavingBackends extends BackendsUnderTest {

    private static final String MISBEHAVING = "ControlAPI";
    private static final int BODY_IDLE_TIMEOUT_SECONDS = 1;

    private MisbehavingBackend control;
    private final Map<String, StubBackend> others = new HashMap<>();

    @Override
    Map<String, String> startBackends(Vertx vertx) {
        Map<String, String> config = new HashMap<>();
        for (DeclaredBackend backend : DeclaredBackend.all()) {
            String prefix = backend.configPrefix();
            if (backend.breakerName().equals(MISBEHAVING)) {
                control = new MisbehavingBackend(vertx).start();
                config.put(prefix + ".url", control.url());
                config.put(prefix + ".fail-max", "1000");
            } else {
                StubBackend stub = new StubBackend(vertx).start();
                others.put(backend.breakerName(), stub);
                config.put(prefix + ".url", stub.url());
            }
            config.put(prefix + ".timeout", "2");
            config.put(prefix + ".body-idle-timeout", String.valueOf(BODY_IDLE_TIMEOUT_SECONDS));
        }
        return config;
    }

    @Override
    void injectBackends(TestInjector injector) {
        injector.injectIntoFields(control, field -> field.getType() == MisbehavingBackend.class);
        others.forEach((breakerName, stub) -> inject(injector, breakerName, stub));
    }
}
