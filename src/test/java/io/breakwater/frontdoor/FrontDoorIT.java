package io.breakwater.frontdoor;

import org.junit.jupiter.api.extension.ExtendWith;

import io.breakwater.testing.WarmUp;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * {@link FrontDoorTest} against the packaged gateway (the jar, or the native executable when built with
 * {@code -Dnative}).
 */
@QuarkusIntegrationTest
@ExtendWith(WarmUp.class)
class FrontDoorIT extends FrontDoorTest {
}
