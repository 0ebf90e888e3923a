package io.breakwater.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.ProjectCopies;

/**
 * {@code Dockerfile.jvm} trains its Java 25 AOT cache with {@code src/main/docker/aot-training.sh} while the image is
 * built. No container engine runs here, so this runs that script as the image build does, on a copy of the packaged
 * gateway, with a JDK 25 from {@code /usr/lib/jvm} (or {@code JAVA25_HOME}): it must drive the gateway through its
 * workload, see the breaker open, and leave a cache that the JVM accepts ({@code -XX:AOTMode=on}, which the script
 * checks). Without a JDK 25 it is skipped, except in CI ({@code CI} set), where it fails: {@code .ci/run} makes sure
 * there is one.
 */
class AotTrainingIT {

    private static final Path SCRIPT = Path.of("src", "main", "docker", "aot-training.sh");
    private static final Path COPY = Path.of("target", "aot-training");

    @Test
    void trainsACacheTheJvmAccepts() throws IOException, InterruptedException {
        Path app = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assumeTrue(Files.exists(app) && !GatewayProcess.builtNative(Path.of("target")),
                "this build made a native executable: Dockerfile.jvm does not apply");
        Optional<Path> java25 = java25();
        String none = "no JDK 25 or newer in JAVA25_HOME or /usr/lib/jvm";
        if (System.getenv("CI") != null) {
            assertTrue(java25.isPresent(), none + ", which CI must have (.ci/run)");
        } else {
            assumeTrue(java25.isPresent(), none);
        }

        ProjectCopies.delete(COPY);
        ProjectCopies.copy(app.getParent(), COPY);
        Files.copy(Path.of("src", "main", "jvm", "jvm.options"), COPY.resolve("jvm.options"));
        Path log = Files.createTempFile("aot-training-", ".log");
        ProcessBuilder training = new ProcessBuilder(SCRIPT.toString(), COPY.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = training.environment();
        env.put("PATH", java25.get().resolve("bin") + ":" + env.get("PATH"));
        env.put("TRAINING_PORT", String.valueOf(GatewayProcess.freePort()));
        // as in an image build: no Redis (nor this test run's, which the gateway's events would land in)
        env.remove("QUARKUS_REDIS_HOSTS");

        Process process = training.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), () -> "the training failed:\n" + output);
        assertTrue(output.contains("round 3 of 3 done"), output);
        assertTrue(Files.size(COPY.resolve("app.aot")) > 0, output);
        Files.delete(log);
        ProjectCopies.delete(COPY);
    }

    /** A JDK whose {@code release} file says 25 or newer. */
    private static Optional<Path> java25() throws IOException {
        Stream.Builder<Path> candidates = Stream.builder();
        Optional.ofNullable(System.getenv("JAVA25_HOME")).map(Path::of).ifPresent(candidates);
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> installed = Files.list(jvms)) {
                installed.sorted().forEach(candidates);
            }
        }
        return candidates.build().filter(AotTrainingIT::isJava25OrNewer).findFirst();
    }

    private static boolean isJava25OrNewer(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve(Path.of("bin", "java"))) || !Files.isReadable(release)) {
            return false;
        }
        try {
            return Files.readAllLines(release).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.replaceAll("[^0-9.]", "").split("\\.")[0])
                    .anyMatch(major -> !major.isEmpty() && Integer.parseInt(major) >= 25);
        } catch (IOException e) {
            return false;
        }
    }
}
