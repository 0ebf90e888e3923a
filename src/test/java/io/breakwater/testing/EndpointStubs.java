package io.breakwater.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.vertx.core.Vertx;

/**
 * ControlAPI as three endpoints, each a {@link StubBackend} of its own, listed in its URL; DataAPI (and any other
 * backend) as one stub. ControlAPI ejects an endpoint after {@value #EJECT_AFTER} failures in a row, for 1 s, doubled
 * each time in a row up to 4 s, and retries safe calls once; its breaker opens after {@value #FAIL_MAX} failed calls.
 */
public class EndpointStubs extends BackendsUnderTest {

    public static final int EJECT_AFTER = 3;
    public static final int FAIL_MAX = 5;
    public static final int EJECT_TIME_SECONDS = 1;
    public static final int EJECT_TIME_MAX_SECONDS = 4;

    /** ControlAPI's three endpoints, in the order of its URL. */
    public record ControlEndpoints(List<StubBackend> stubs) {

        public StubBackend get(int index) {
            return stubs.get(index);
        }

        /** {@code host:port} of each, as metrics and events name it. */
        public String label(int index) {
            return stubs.get(index).url().substring("http://".length());
        }

        public void reset() {
            stubs.forEach(StubBackend::reset);
        }

        public int calls() {
            return stubs.stream().mapToInt(StubBackend::calls).sum();
        }
    }

    private ControlEndpoints control;
    private final Map<String, StubBackend> others = new HashMap<>();

    @Override
    Map<String, String> startBackends(Vertx vertx) {
        Map<String, String> config = new HashMap<>();
        for (DeclaredBackend backend : DeclaredBackend.all()) {
            String prefix = backend.configPrefix();
            if (backend.breakerName().equals("ControlAPI")) {
                List<StubBackend> stubs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    stubs.add(new StubBackend(vertx).start());
                }
                control = new ControlEndpoints(List.copyOf(stubs));
                config.put(prefix + ".url", stubs.stream().map(StubBackend::url).collect(Collectors.joining(",")));
                config.put(prefix + ".fail-max", String.valueOf(FAIL_MAX));
                config.put(prefix + ".eject-after", String.valueOf(EJECT_AFTER));
                config.put(prefix + ".eject-time", EJECT_TIME_SECONDS + "s");
                config.put(prefix + ".eject-time-max", EJECT_TIME_MAX_SECONDS + "s");
            } else {
                StubBackend stub = new StubBackend(vertx).start();
                others.put(backend.breakerName(), stub);
                config.put(prefix + ".url", stub.url());
            }
            config.put(prefix + ".reset-timeout", "2");
            config.put(prefix + ".timeout", "2");
        }
        return config;
    }

    @Override
    void injectBackends(TestInjector injector) {
        injector.injectIntoFields(control, field -> field.getType() == ControlEndpoints.class);
        others.forEach((breakerName, stub) -> inject(injector, breakerName, stub));
    }
}
