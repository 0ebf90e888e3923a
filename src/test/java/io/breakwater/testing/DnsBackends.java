package io.breakwater.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Vertx;

/**
 * Stands in for the backends as {@link StubBackends} does, with its breaker settings, except that ControlAPI is found
 * by DNS as the pods of a Kubernetes headless Service are: its URL is {@code http://backend.test:<port>}, resolved
 * every second ({@code discovery-refresh=1s}) by a {@link Dnsmasq} of the test's own, and two stubs stand behind that
 * name on one port, at {@value #FIRST} and {@value #SECOND}, and a third at {@value #IPV6}, for an AAAA record. At
 * start the name has only the first's address.
 * <p>
 * The stubs go to the test's fields {@code @Stub(value = "ControlAPI", address = DnsBackends.FIRST)} and
 * {@code SECOND} and {@code IPV6}, the DNS server to a field of type {@link Dnsmasq}.
 */
public class DnsBackends extends BackendsUnderTest {

    /** The host name of ControlAPI's URL. */
    public static final String NAME = "backend.test";
    public static final String FIRST = "127.0.0.2";
    public static final String SECOND = "127.0.0.3";
    /** ::1, written in full, as Vert.x's DNS client gives an AAAA record and the gateway shows it. */
    public static final String IPV6 = "0:0:0:0:0:0:0:1";
    public static final String CONTROL_API = "ControlAPI";

    private static final int PORT_ATTEMPTS = 5;

    private final Map<String, StubBackend> stubs = new HashMap<>();
    private final List<StubBackend> endpoints = new ArrayList<>();
    private Dnsmasq dns;

    @Override
    Map<String, String> startBackends(Vertx vertx) {
        dns = Dnsmasq.start(vertx);
        Map<String, String> config = new HashMap<>();
        for (DeclaredBackend backend : DeclaredBackend.all()) {
            if (backend.breakerName().equals(CONTROL_API)) {
                int port = startEndpoints(vertx);
                dns.answer(NAME, FIRST);
                config.putAll(StubBackends.settings(backend, "http://" + NAME + ":" + port));
                config.put(backend.configPrefix() + ".discovery", "dns");
                config.put(backend.configPrefix() + ".discovery-refresh", "1s");
            } else {
                StubBackend stub = new StubBackend(vertx).start();
                stubs.put(backend.breakerName(), stub);
                config.putAll(StubBackends.settings(backend, stub.url()));
            }
        }
        config.put("gateway.dns.servers", dns.server());
        return config;
    }

    /**
     * Starts a stub on {@value #FIRST} and a free port, and one on {@value #SECOND} and the same port: a DNS record
     * names an address, and every endpoint has the port of the URL.
     *
     * @return their port
     */
    private int startEndpoints(Vertx vertx) {
        for (int attempt = 1;; attempt++) {
            StubBackend first = new StubBackend(vertx).start(FIRST, 0);
            try {
                StubBackend second = new StubBackend(vertx).start(SECOND, first.port());
                StubBackend third;
                try {
                    third = new StubBackend(vertx).start(IPV6, first.port());
                } catch (IllegalStateException taken) {
                    second.stop();
                    throw taken;
                }
                endpoints.add(first);
                endpoints.add(second);
                endpoints.add(third);
                return first.port();
            } catch (IllegalStateException taken) {
                // that port is in use at the second address: another one
                first.stop();
                if (attempt == PORT_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    @Override
    void injectBackends(TestInjector injector) {
        stubs.forEach((breakerName, stub) -> inject(injector, breakerName, stub));
        endpoints.forEach(stub -> inject(injector, CONTROL_API, stub.host(), stub));
        injector.injectIntoFields(dns, field -> field.getType() == Dnsmasq.class);
    }

    @Override
    void stopBackends() {
        if (dns != null) {
            dns.close();
        }
    }
}
