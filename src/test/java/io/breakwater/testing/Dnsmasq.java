package io.breakwater.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;

/**
 * A real DNS server of the test's own: Debian's {@code dnsmasq} (package {@code dnsmasq-base}) on 127.0.0.1 and a free
 * port, UDP and TCP, answering only for the names the test gives addresses ({@link #answer}), from a directory of hosts
 * files that it reads again by itself when one changes ({@code --hostsdir}). It asks no other server, reads neither
 * {@code /etc/hosts} nor {@code /etc/dnsmasq.conf}, serves no DHCP and needs no privilege. Names under {@code .test}
 * without an address are answered NXDOMAIN; other names are refused.
 * <p>
 * Without {@code dnsmasq} a test is skipped, except in CI ({@code CI} set), where it fails: {@code .ci/run} installs
 * it.
 */
public final class Dnsmasq implements AutoCloseable {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/dnsmasq"), Path.of("/usr/bin/dnsmasq"),
            Path.of("/usr/local/sbin/dnsmasq"), Path.of("/usr/local/bin/dnsmasq"));
    private static final String MISSING = "dnsmasq is needed (apt-get install dnsmasq-base)";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
    private static final Duration SERVED_WITHIN = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 5;

    private final Vertx vertx;
    private final Path directory;
    private final Path hosts;
    private final Path staging;
    private final Path log;
    private final Thread stopAtExit = new Thread(this::stopProcess, "dnsmasq-stop");
    private int port;
    private Process process;
    private DnsClient client;

    private Dnsmasq(Vertx vertx, Path directory) {
        this.vertx = vertx;
        this.directory = directory;
        this.hosts = directory.resolve("hosts");
        this.staging = directory.resolve("staging");
        this.log = directory.resolve("dnsmasq.log");
    }

    /**
     * For {@code @EnabledIf}: whether test classes that need dnsmasq can run. In CI ({@code CI} set) they must run, so
     * this is then always true and a missing dnsmasq fails them.
     */
    public static boolean canRun() {
        return System.getenv("CI") != null || executable().isPresent();
    }

    /**
     * Skips the calling test when dnsmasq is missing, or fails it in CI.
     */
    public static void requireInstalled() {
        boolean installed = executable().isPresent();
        if (System.getenv("CI") != null) {
            Assertions.assertTrue(installed, MISSING);
        } else {
            Assumptions.assumeTrue(installed, MISSING);
        }
    }

    private static Optional<Path> executable() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts dnsmasq, knowing no name yet, and waits until it answers.
     *
     * @param vertx where to ask it from, to see that it serves what it was told
     */
    public static Dnsmasq start(Vertx vertx) {
        requireInstalled();
        Dnsmasq dnsmasq;
        try {
            Path target = Files.createDirectories(Path.of("target"));
            dnsmasq = new Dnsmasq(vertx, Files.createTempDirectory(target, "dnsmasq-"));
            Files.createDirectories(dnsmasq.hosts);
            Files.createDirectories(dnsmasq.staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        dnsmasq.launch();
        return dnsmasq;
    }

    /** The port it answers on, at 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, as {@code gateway.dns.servers} takes it. */
    public String server() {
        return "127.0.0.1:" + port;
    }

    /**
     * From now on {@code name} has exactly the A records {@code addresses} (none: NXDOMAIN). Returns once dnsmasq
     * answers so.
     *
     * @throws ConditionTimeoutException if it does not within 10 s
     */
    public void answer(String name, String... addresses) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a host name: " + name);
        }
        StringBuilder file = new StringBuilder();
        for (String address : addresses) {
            file.append(address).append(' ').append(name).append('\n');
        }
        try {
            // written beside the directory dnsmasq watches and moved in whole, so that it never reads half a file
            Path written = Files.writeString(staging.resolve(name), file);
            Files.move(written, hosts.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TreeSet<String> expected = new TreeSet<>(List.of(addresses));
        try {
            await().atMost(SERVED_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(TimeoutException.class)
                    .until(() -> expected.equals(resolve(name)));
        } catch (ConditionTimeoutException e) {
            throw new ConditionTimeoutException("dnsmasq did not answer " + name + " with " + expected + " within "
                    + SERVED_WITHIN.toSeconds() + " s; its log:\n" + logTail());
        }
    }

    /**
     * Asks dnsmasq for the A and AAAA records of {@code name}.
     *
     * @return its addresses, sorted; empty for NXDOMAIN
     * @throws TimeoutException if it did not answer in time, as before it listens
     */
    public TreeSet<String> resolve(String name) throws TimeoutException {
        try {
            TreeSet<String> addresses = new TreeSet<>(client.resolveA(name).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
            addresses.addAll(client.resolveAAAA(name).toCompletionStage().toCompletableFuture().get(5,
                    TimeUnit.SECONDS));
            return addresses;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DnsException dns && dns.code() == DnsResponseCode.NXDOMAIN) {
                return new TreeSet<>();
            }
            if (e.getCause() instanceof VertxException && String.valueOf(e.getCause().getMessage())
                    .startsWith("DNS query timeout")) {
                // nobody answered the question in time, as when dnsmasq does not listen yet
                throw new TimeoutException(e.getCause().getMessage());
            }
            throw new IllegalStateException("dnsmasq could not be asked for " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        Runtime.getRuntime().addShutdownHook(stopAtExit);
        for (int attempt = 1;; attempt++) {
            port = freeUdpAndTcpPort();
            List<String> command = new ArrayList<>(List.of(executable().orElseThrow().toString(),
                    "--keep-in-foreground", "--conf-file=/dev/null", "--pid-file=", "--log-facility=-",
                    "--log-queries", "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port,
                    "--no-resolv", "--no-hosts", "--hostsdir=" + hosts.toAbsolutePath(), "--local=/test/"));
            if ("root".equals(System.getProperty("user.name"))) {
                // else it would go on as nobody, who cannot read the hosts files under target/
                command.add("--user=root");
            }
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                throw new IllegalStateException("dnsmasq could not be started", e);
            }
            closeClient();
            client = vertx.createDnsClient(new DnsClientOptions().setHost("127.0.0.1").setPort(port)
                    .setQueryTimeout(1000).setRecursionDesired(false));
            try {
                await().atMost(SERVED_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                        .ignoreExceptionsInstanceOf(TimeoutException.class)
                        .until(() -> !process.isAlive() || resolve("ready.test").isEmpty());
            } catch (ConditionTimeoutException e) {
                close();
                throw new IllegalStateException("dnsmasq did not answer within " + SERVED_WITHIN.toSeconds()
                        + " s; its log:\n" + logTail());
            }
            if (process.isAlive()) {
                return;
            }
            // another process took the port in between: try another
            stopProcess();
            if (attempt == START_ATTEMPTS) {
                close();
                throw new IllegalStateException("dnsmasq did not start; its log:\n" + logTail());
            }
        }
    }

    private static int freeUdpAndTcpPort() {
        InetAddress loopback;
        try {
            loopback = InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int tries = 0; tries < 20; tries++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                try (ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 1, loopback)) {
                    return udp.getLocalPort();
                } catch (IOException taken) {
                    // that port is free for UDP only: another one
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + loopback);
    }

    private String logTail() {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** Stops dnsmasq. Its log stays in {@code target/dnsmasq-*}. */
    @Override
    public void close() {
        closeClient();
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is already shutting down, or the hook was never added
        }
    }

    @Override
    public String toString() {
        return "dnsmasq on " + server() + " (" + directory + ")";
    }
}
