package io.breakwater.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;

import io.breakwater.InvalidSetting;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.Service;
import io.smallrye.stork.api.ServiceDefinition;
import io.smallrye.stork.api.config.ConfigWithType;
import io.smallrye.stork.impl.RoundRobinConfiguration;
import io.smallrye.stork.loadbalancer.poweroftwochoices.PowerOfTwoChoicesConfiguration;
import io.smallrye.stork.servicediscovery.dns.DnsConfiguration;
import io.smallrye.stork.servicediscovery.staticlist.StaticConfiguration;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;

/**
 * Makes each backend's {@link Endpoints}: a SmallRye Stork service of the backend's breaker name, defined from its
 * settings (static list or DNS discovery, least-requests or round-robin balancing), and the timers that keep it
 * current: every second for ejections that are over, every {@code discovery-refresh} for discovery.
 */
@Singleton
public class EndpointsFactory {

    private static final long EJECTIONS_CHECK_MILLIS = 1000;
    /** Suffix of the Stork service that finds a DNS-discovered backend's AAAA records. */
    private static final String IPV6 = "/AAAA";

    private final Vertx vertx;
    private final DnsConfig dns;
    private final Event<EndpointEvent> events;
    private final List<Long> timers = new CopyOnWriteArrayList<>();

    EndpointsFactory(Vertx vertx, DnsConfig dns, Event<EndpointEvent> events) {
        this.vertx = vertx;
        this.dns = dns;
        this.events = events;
    }

    /**
     * @param prefix the backend's configuration prefix, e.g. {@code control-api}, for messages
     * @param addresses host and port of each of the backend's URLs, one with {@code dns} discovery
     * @param secure whether they are {@code https://}
     * @throws ConfigValidationException if the settings contradict each other
     */
    public Endpoints create(String service, String prefix, List<SocketAddress> addresses, boolean secure,
            EndpointsConfig config) {
        verify(prefix, addresses, config);
        Stork stork = Stork.getInstance();
        stork.defineIfAbsent(service, ServiceDefinition.of(discovery(addresses, secure, config, "A"),
                loadBalancer(config)));
        List<Service> discoveries = new ArrayList<>(List.of(stork.getService(service)));
        if (config.discovery() == EndpointsConfig.Discovery.DNS) {
            // Stork's DNS discovery asks for one record type: IPv6 pods come from a second service, for AAAA records
            stork.defineIfAbsent(service + IPV6, ServiceDefinition.of(discovery(addresses, secure, config, "AAAA"),
                    loadBalancer(config)));
            discoveries.add(stork.getService(service + IPV6));
        }
        Endpoints endpoints = new Endpoints(service, stork.getService(service), discoveries, config, secure,
                this::fire);
        // a static list is there at once; the backend's beans, which its metrics need, are still being made
        endpoints.discover();
        endpoints.announce();
        timers.add(vertx.setPeriodic(EJECTIONS_CHECK_MILLIS, ignored -> endpoints.refresh()));
        if (config.discovery() == EndpointsConfig.Discovery.DNS) {
            timers.add(vertx.setPeriodic(config.discoveryRefresh().toMillis(), ignored -> endpoints.discover()));
        }
        return endpoints;
    }

    private static void verify(String prefix, List<SocketAddress> addresses, EndpointsConfig config) {
        if (config.discovery() == EndpointsConfig.Discovery.DNS && addresses.size() != 1) {
            throw InvalidSetting.of(prefix + ".url must be one URL with " + prefix + ".discovery=dns, but has "
                    + addresses.size());
        }
        if (config.ejectTimeMax().compareTo(config.ejectTime()) < 0) {
            throw InvalidSetting.of(prefix + ".eject-time-max must be at least " + prefix + ".eject-time ("
                    + config.ejectTime().toSeconds() + " s), but was " + config.ejectTimeMax().toSeconds() + " s");
        }
    }

    private ConfigWithType discovery(List<SocketAddress> addresses, boolean secure, EndpointsConfig config,
            String recordType) {
        SocketAddress first = addresses.get(0);
        if (config.discovery() == EndpointsConfig.Discovery.DNS) {
            return new DnsConfiguration().withHostname(first.host()).withPort(String.valueOf(first.port()))
                    .withRecordType(recordType).withSecure(String.valueOf(secure))
                    .withRefreshPeriod(String.valueOf(config.discoveryRefresh().toSeconds()))
                    .withDnsServers(dns.servers().map(servers -> String.join(",", servers)).orElse("none"));
        }
        return new StaticConfiguration().withSecure(String.valueOf(secure)).withAddressList(addresses.stream()
                .map(Endpoint::authority).collect(Collectors.joining(",")));
    }

    private static ConfigWithType loadBalancer(EndpointsConfig config) {
        return switch (config.loadBalancer()) {
            case LEAST_REQUESTS -> new PowerOfTwoChoicesConfiguration();
            case ROUND_ROBIN -> new RoundRobinConfiguration();
        };
    }

    private void fire(EndpointEvent event) {
        switch (event.kind()) {
            // metrics follow the endpoints before their first call
            case APPEARED, DISAPPEARED -> events.fire(event);
            // Redis is written off the caller's thread; metrics read an endpoint's state as they are scraped
            case EJECTED, RETURNED -> events.fireAsync(event);
        }
    }


    @PreDestroy
    void stop() {
        timers.forEach(vertx::cancelTimer);
    }
}
