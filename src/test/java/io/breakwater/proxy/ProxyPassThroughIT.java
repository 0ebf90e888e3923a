package io.breakwater.proxy;

import org.junit.jupiter.api.extension.ExtendWith;

import io.breakwater.testing.WarmUp;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link ProxyPassThroughTest} against the packaged gateway (the jar, or the native executable when built with
 * {@code -Dnative}).
 */
@QuarkusIntegrationTest
@ExtendWith(WarmUp.class)
class ProxyPassThroughIT extends ProxyPassThroughTest {
}
