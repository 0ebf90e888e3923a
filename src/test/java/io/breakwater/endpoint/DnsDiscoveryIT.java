package io.breakwater.endpoint;

import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import io.breakwater.testing.WarmUp;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link DnsDiscoveryTest} against the packaged gateway (the jar, or the native executable when built with
 * {@code -Dnative}): Stork's DNS discovery and Vert.x's DNS client as they run there.
 */
@QuarkusIntegrationTest
@ExtendWith(WarmUp.class)
@EnabledIf(value = "io.breakwater.testing.Dnsmasq#canRun", disabledReason = "dnsmasq is not installed")
class DnsDiscoveryIT extends DnsDiscoveryTest {
}
