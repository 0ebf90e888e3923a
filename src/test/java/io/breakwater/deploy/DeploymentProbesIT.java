package io.breakwater.deploy;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The probes and scrape paths of the deployment, asked of the packaged gateway (the jar, or the native executable
 * when built with {@code -Dnative}).
 */
@QuarkusIntegrationTest
class DeploymentProbesIT extends DeploymentProbesTest {
}
