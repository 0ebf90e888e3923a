package io.breakwater.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Redis of the test's own, on a free port, that the test can stop and start again (on the same port, with its
 * data) to see the gateway lose and regain Redis. Needs {@code redis-server} on the PATH.
 */
public class RedisServer implements QuarkusTestResourceLifecycleManager {

    private static volatile RedisServer current;

    private int port;
    private Path directory;
    private Process process;

    /**
     * Whether test classes that need a Redis of their own can run: {@code redis-server} is on the PATH. In CI
     * ({@code CI} set) they must run, so this is then always true and a missing server fails them.
     */
    public static boolean installed() {
        return System.getenv("CI") != null || onThePath();
    }

    /** Whether {@code redis-server} is on the PATH. */
    static boolean onThePath() {
        try {
            return new ProcessBuilder("redis-server", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The server started for the running test class. */
    public static RedisServer current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        launch();
        current = this;
        return Map.of("quarkus.redis.hosts", url());
    }

    /**
     * Starts a server that is no test class's own, stopped when the JVM exits.
     *
     * @return its URL
     */
    static String launchForThisJvm() {
        RedisServer server = new RedisServer();
        server.launch();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndForget, "redis-server-stop"));
        return server.url();
    }

    private void launch() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            directory = Files.createTempDirectory("breakwater-redis");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        startServer();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server, or starts it again after {@link #stopServer()} with the data it had. */
    public void startServer() {
        try {
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "yes", "--dir", directory.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not be started", e);
        }
        awaitListening(true);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server: connections drop and new ones are refused. */
    public void stopServer() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        awaitListening(false);
    }

    /**
     * Suspends the server process: connections stay open and new ones are accepted by the kernel, but nothing is
     * answered, as with a Redis that hangs.
     */
    public void freeze() {
        signal("STOP");
    }

    /** Resumes a {@linkplain #freeze() frozen} server. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        stopAndForget();
        current = null;
    }

    private void stopAndForget() {
        if (process != null && process.isAlive()) {
            thaw();
            stopServer();
        }
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private void awaitListening(boolean listening) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (isListening() == listening) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("redis-server on port " + port + (listening ? " did not start" : " did not stop"));
    }

    private boolean isListening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
