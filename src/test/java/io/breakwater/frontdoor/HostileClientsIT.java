package io.breakwater.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.AttackTools;
import io.breakwater.testing.BackgroundCalls;
import io.breakwater.testing.GatewayProcess;
import io.breakwater.testing.KernelSockets;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.ProcessStubs;
import io.breakwater.testing.StubBackend;

/**
 * What one hostile client can do to the gateway as it is shipped (the JVM with {@code src/main/jvm/jvm.options}'s
 * 64 MB heap, or the native executable as it was built): each attack runs for a few seconds with the tools an attacker
 * would use, while another client (from 127.0.0.2) calls DataAPI, and every one of its calls must be answered 200
 * within five seconds. Afterwards the process is alive, serves, and has stayed within the memory the Deployment gives
 * it. Before the front door, the first two attacks ended the JVM with an {@code OutOfMemoryError}.
 */
class HostileClientsIT {

    /** The container's memory limit in {@code k8s/gateway/deployment.yaml}. */
    private static final long DEPLOYMENT_MEMORY_LIMIT = 256L * 1024 * 1024;
    private static final String OTHER_CLIENT = "127.0.0.2";
    /** {@code GATEWAY_FRONT_DOOR_SEND_BUFFER}'s default; Linux doubles it for its bookkeeping. */
    private static final long DEFAULT_SEND_BUFFER = 256 * 1024;
    /**
     * Longest another client's call may take while an attack goes on: room for a machine shared with the attack
     * tools and other builds, far short of the minutes a stalled event loop or an exhausted heap takes.
     */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    private static ProcessStubs stubs;
    private static StubBackend control;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws IOException {
        stubs = new ProcessStubs("hostile-clients");
        control = stubs.start();
        StubBackend data = stubs.start();
        gateway = GatewayProcess.startAsShipped(Map.of("CONTROL_API_URL", control.url(), "DATA_API_URL", data.url(),
                "GATEWAY_REDIS_KEY_PREFIX", stubs.keyPrefix())).awaitReady();
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        if (stubs != null) {
            stubs.close();
        }
    }

    @AfterEach
    void stillServesWithinItsMemory() {
        assertTrue(gateway.isAlive(), gateway.output());
        assertEquals(200, gateway.status("/api/data/after"));
        assertEquals(200, gateway.status("/q/health/live"));
        long resident = gateway.residentBytes();
        assertTrue(resident < DEPLOYMENT_MEMORY_LIMIT, "resident memory " + resident / (1024 * 1024) + " MiB");
    }

    @Test
    void servesOthersWhileOneClientPipelinesRequestsWithoutReadingTheAnswers() throws Exception {
        ByteBuffer thousandRequests = ByteBuffer.wrap("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .repeat(1000).getBytes(StandardCharsets.ISO_8859_1));
        long sent = 0;
        try (BackgroundCalls others = othersCallingDataApi(); SocketChannel attacker = SocketChannel.open();
                Selector writable = Selector.open()) {
            attacker.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            attacker.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
            attacker.configureBlocking(false).register(writable, SelectionKey.OP_WRITE);
            Instant end = Instant.now().plusSeconds(10);
            while (Instant.now().isBefore(end)) {
                // as much as the connection takes, as soon as it takes more, never reading an answer
                if (writable.select(100) > 0) {
                    writable.selectedKeys().clear();
                    sent += attacker.write(thousandRequests.hasRemaining() ? thousandRequests
                            : thousandRequests.rewind());
                }
            }
            others.assertAllServed();
        }
        assertTrue(sent > 1_000_000, "bytes of requests sent: " + sent);
    }

    @Test
    void servesOthersWhileOneClientLeavesThousandsOfRequestHeadsUnfinished() throws Exception {
        double closedBefore = closed("client_limit") + closed("head_timeout");
        try (BackgroundCalls others = othersCallingDataApi()) {
            AttackTools.slowhttptest(gateway.url() + "/api/data/x", 8,
                    "-H", "-c", "4000", "-r", "1000", "-i", "1", "-x", "4000");
            others.assertAllServed();
        }
        assertTrue(closed("client_limit") + closed("head_timeout") > closedBefore,
                "the attacker's connections beyond its share were closed");
    }

    @Test
    void servesOthersWhileAThousandClientsReadAStaleAnswerSlowly() throws Exception {
        keepAStaleAnswerOfAMegabyte();
        try (BackgroundCalls others = othersCallingDataApi()) {
            // each reader's kernel send buffer fills at once; left to grow, those buffers took gigabytes, Linux
            // throttled every connection on the machine, and the other client's calls took seconds
            AttackTools.slowhttptest(gateway.url() + "/api/control/big", 10,
                    "-X", "-c", "1000", "-r", "500", "-w", "512", "-y", "1024", "-n", "5", "-z", "32", "-k", "3");
            others.assertAllServed();
        } finally {
            control.reset();
        }
    }

    @Test
    void holdsLittleKernelMemoryForAClientThatDoesNotRead() throws Exception {
        keepAStaleAnswerOfAMegabyte();
        try (Socket reader = new Socket()) {
            reader.setReceiveBufferSize(1024);
            reader.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
            reader.getOutputStream().write(("GET /api/control/big HTTP/1.1\r\nHost: 127.0.0.1:" + gateway.port()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            // the gateway writes what the kernel takes at once; left to grow its send buffer, Linux took the whole
            // megabyte for each such client
            await("the answer's first bytes queued").atMost(Duration.ofSeconds(5))
                    .until(() -> kernelHolds(reader) > 16 * 1024);
            await("no more than the send buffer queued").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> kernelHolds(reader) <= 2 * DEFAULT_SEND_BUFFER);
        } finally {
            control.reset();
        }
    }

    @Test
    void servesOthersWhileOneClientOpensConnectionsByTheThousand() throws Exception {
        List<SocketChannel> opened = new ArrayList<>();
        try (BackgroundCalls others = othersCallingDataApi()) {
            Instant end = Instant.now().plusSeconds(5);
            while (Instant.now().isBefore(end) && opened.size() < 6000) {
                SocketChannel connection = SocketChannel.open(new InetSocketAddress("127.0.0.1", gateway.port()));
                connection.configureBlocking(false);
                opened.add(connection);
            }
            // the attacker keeps at most its share, two fifths of GATEWAY_FRONT_DOOR_MAX_CONNECTIONS, and the sweep may
            // not have reached the last ones yet
            await().atMost(Duration.ofSeconds(5)).until(() -> stillOpen(opened) <= 800);
            others.assertAllServed();
        } finally {
            for (SocketChannel connection : opened) {
                connection.close();
            }
        }
    }

    private static long stillOpen(List<SocketChannel> connections) throws IOException {
        ByteBuffer nothing = ByteBuffer.allocate(1);
        long open = 0;
        for (SocketChannel connection : connections) {
            try {
                if (connection.read(nothing.clear()) >= 0) {
                    open++;
                }
            } catch (IOException reset) {
                // closed by the gateway
            }
        }
        return open;
    }

    /** Makes {@code /api/control/big} answer, from the stale cache, a 1 MiB copy of an earlier good answer. */
    private static void keepAStaleAnswerOfAMegabyte() {
        // just within GATEWAY_STALE_CACHE_MAX_ENTRY_SIZE (1M), so that the stale cache keeps it
        control.answer(200, "{\"rows\":\"" + "r".repeat(1000 * 1024) + "\"}");
        gateway.get("/api/control/big"); // read whole, so that the stale cache keeps it
        control.answer(503, "{}");
        assertEquals(200, gateway.status("/api/control/big"), "the stale copy of the good answer");
    }

    /** The bytes of answers the kernel holds for the gateway's end of {@code client}'s connection. */
    private static long kernelHolds(Socket client) throws IOException {
        return KernelSockets.sendQueue(gateway.port(), client.getLocalPort()).orElseThrow();
    }

    private static BackgroundCalls othersCallingDataApi() {
        return BackgroundCalls.fromAnotherClient(OTHER_CLIENT, gateway.port(), "/api/data/meanwhile", PROMPTLY);
    }

    private static double closed(String reason) {
        double value = MetricsScrape.parse(gateway.get("/metrics")).value("gateway_client_connections_closed_total",
                "reason", reason);
        return Double.isNaN(value) ? 0 : value;
    }
}
