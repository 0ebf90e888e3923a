package io.breakwater.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway run as a process of its own, as in production, for tests that need several replicas, a
 * start-up that fails or a process to stop: whatever the build made, the jar ({@code ./mvnw verify}) or the native
 * executable ({@code ./mvnw verify -Dnative}), as Quarkus recorded it in {@code target/quarkus-artifact.properties}.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Path TARGET = Path.of("target");

    private final Process process;
    private final Path log;
    private final int port;

    private GatewayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the gateway on a free port with {@code environment} (a {@code null} value unsets the variable).
     */
    public static GatewayProcess start(Map<String, String> environment) throws IOException {
        return start(TARGET, environment, List.of());
    }

    /**
     * Starts what another build made in {@code target}, as {@link #start(Map)} does.
     */
    public static GatewayProcess start(Path target, Map<String, String> environment) throws IOException {
        return start(target, environment, List.of());
    }

    /**
     * Starts the gateway as it is shipped: a native executable as it is, a jar with the JVM options of
     * {@code src/main/jvm/jvm.options} and glibc's arenas as {@code Dockerfile.jvm} sets them.
     */
    public static GatewayProcess startAsShipped(Map<String, String> environment) throws IOException {
        Map<String, String> shipped = new HashMap<>(environment);
        shipped.put("MALLOC_ARENA_MAX", "2");
        return start(TARGET, shipped, List.of("@" + Path.of("src", "main", "jvm", "jvm.options")));
    }

    private static GatewayProcess start(Path target, Map<String, String> environment, List<String> jvmOptions)
            throws IOException {
        int port = freePort();
        Path log = Files.createTempFile("breakwater-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command(target, jvmOptions))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_REDIS_HOSTS", TestRedis.sharedUrl());
        environment.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        return new GatewayProcess(builder.start(), log, port);
    }

    /**
     * The command that runs what the build made: the native executable, or the jar with {@code jvmOptions}.
     */
    private static List<String> command(Path target, List<String> jvmOptions) throws IOException {
        Properties artifact = artifact(target);
        if ("native".equals(artifact.getProperty("type"))) {
            return List.of(target.resolve(artifact.getProperty("path")).toString());
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", target.resolve(Path.of("quarkus-app", "quarkus-run.jar")).toString()));
        return command;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** @return the process' resident memory (RSS) now, in bytes */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the gateway's memory", e);
        }
        throw new IllegalStateException("no VmRSS for the gateway's process");
    }

    /**
     * Waits until the gateway answers its readiness probe.
     */
    public GatewayProcess awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + ":\n" + output());
            }
            if (status("/q/health/ready") == 200) {
                return this;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("the gateway did not become ready:\n" + output());
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM, as the kubelet does to stop a pod, without waiting for the gateway to exit.
     */
    public void terminate() {
        process.destroy();
    }

    /**
     * Waits for the process to exit by itself.
     *
     * @return its exit code
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the gateway is still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /**
     * @return the HTTP status of a GET to {@code path}, or -1 if nothing answered
     */
    public int status(String path) {
        try {
            HttpURLConnection connection = open(path);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * @return the body of a successful GET to {@code path}
     */
    public String get(String path) {
        try {
            HttpURLConnection connection = open(path);
            try (var body = connection.getInputStream()) {
                return new String(body.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private HttpURLConnection open(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url() + path).toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(10_000);
        return connection;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }

    /** Whether the build in {@code target} made a native executable (a jar from an earlier build may be left). */
    public static boolean builtNative(Path target) throws IOException {
        return "native".equals(artifact(target).getProperty("type"));
    }

    /** What the build in {@code target} made, as Quarkus recorded it; empty if it recorded nothing. */
    private static Properties artifact(Path target) throws IOException {
        Properties artifact = new Properties();
        Path built = target.resolve("quarkus-artifact.properties");
        if (Files.exists(built)) {
            try (var in = Files.newInputStream(built)) {
                artifact.load(in);
            }
        }
        return artifact;
    }

    /** A port nothing listens on now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
