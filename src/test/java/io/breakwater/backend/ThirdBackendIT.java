package io.breakwater.backend;

import static io.breakwater.testing.GatewayCalls.openBreaker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.ProcessStubs;
import io.breakwater.testing.ProjectCopies;
import io.breakwater.testing.StubBackend;

/**
 * Adding a backend is one small class and its settings: builds a copy of the project with the class that
 * {@code docs/architecture.md#adding-a-backend} shows, and nothing else, added; then runs it. {@code /api/billing} is
 * proxied through a breaker of its own, which the health endpoint and the metrics show, and a missing setting stops
 * start-up naming it.
 */
class ThirdBackendIT {

    private static final Path COPY = Path.of("target", "third-backend");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(8);

    private static ProcessStubs stubs;
    private static StubBackend billing;
    private static StubBackend others;

    @BeforeAll
    static void buildTheGatewayWithAThirdBackend() throws IOException, InterruptedException {
        ProjectCopies.delete(COPY);
        for (String part : List.of("pom.xml", "mvnw", ".mvn", "src/main")) {
            ProjectCopies.copy(Path.of(part), COPY.resolve(part));
        }
        Files.writeString(COPY.resolve("src/main/java/io/breakwater/backend/BillingApi.java"), classFromTheDocs());
        // offline: the build running this test has fetched everything the copy needs
        List<String> command = List.of("./mvnw", "-B", "-q", "-o", "package", "-DskipTests");
        Path log = COPY.resolve("build.log");
        Process build = new ProcessBuilder(command).directory(COPY.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            build.destroyForcibly();
        }
        assertEquals(0, build.exitValue(), () -> "the build with BillingApi.java added failed:\n" + read(log));

        stubs = new ProcessStubs("third-backend");
        billing = stubs.start();
        others = stubs.start();
    }

    @AfterAll
    static void stop() {
        if (stubs != null) {
            stubs.close();
        }
    }

    @Test
    void proxiesTheThirdBackendThroughABreakerOfItsOwn() throws IOException {
        try (GatewayProcess gateway = GatewayProcess.start(COPY.resolve("target"), Map.of(
                "BILLING_API_URL", billing.url(), "BILLING_API_FAIL_MAX", "2",
                "CONTROL_API_URL", others.url(), "DATA_API_URL", others.url(),
                "GATEWAY_REDIS_KEY_PREFIX", stubs.keyPrefix())).awaitReady()) {
            billing.answer(200, "{\"invoice\":7}");
            assertEquals("{\"invoice\":7}", gateway.get("/api/billing/invoices/7"));
            assertEquals("/invoices/7", billing.received().get(0).uri());

            openBreaker(gateway.url(), billing, "billing", 2);
            assertEquals(200, gateway.status("/api/data/anything"), "DataAPI keeps its own, closed breaker");

            String breakers = gateway.get("/health/circuit-breakers");
            assertTrue(breakers.contains("\"BillingAPI\":{\"route\":\"/api/billing\",\"state\":\"open\""), breakers);
            String metrics = gateway.get("/metrics");
            assertTrue(metrics.contains("circuit_breaker_state{service=\"BillingAPI\",} 1.0"), metrics);
            assertTrue(metrics.contains("circuit_breaker_failures_total{service=\"BillingAPI\",} 2.0"), metrics);
        }
    }

    @Test
    void refusesToStartWithoutTheThirdBackendsUrl() throws IOException, InterruptedException {
        try (GatewayProcess gateway = GatewayProcess.start(COPY.resolve("target"), Map.of(
                "CONTROL_API_URL", others.url(), "DATA_API_URL", others.url()))) {
            assertEquals(1, gateway.awaitExit(Duration.ofSeconds(30)));
            assertTrue(gateway.output().contains("billing-api.url"), gateway.output());
        }
    }

    /** The Java block of the docs' "Adding a backend", so that the recipe and this test cannot drift apart. */
    private static String classFromTheDocs() throws IOException {
        String page = Files.readString(Path.of("docs", "architecture.md"));
        String section = page.substring(page.indexOf("\n## Adding a backend\n"));
        int start = section.indexOf("```java\n") + "```java\n".length();
        return section.substring(start, section.indexOf("```", start));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
