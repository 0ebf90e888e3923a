package io.breakwater.endpoint;

import org.junit.jupiter.api.extension.ExtendWith;

import io.breakwater.testing.WarmUp;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link EndpointsTest} against the packaged gateway (the jar, or the native executable when built with
 * {@code -Dnative}): Stork's static list and load balancer, ejection, retries and their events as they run there.
 */
@QuarkusIntegrationTest
@ExtendWith(WarmUp.class)
class EndpointsIT extends EndpointsTest {
}
