package io.breakwater.testing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * A backend that misbehaves on purpose, written byte for byte on a raw TCP server, for what an HTTP server library
 * will not do. What it answers depends on the request's path:
 * <ul>
 * <li>{@code /ok}: 200 with {@code ok};</li>
 * <li>{@code /big/<n>}: 200 with a body of {@code n} MiB and its {@code Content-Length}, sent as fast as the
 * gateway reads it;</li>
 * <li>{@code /endless}: a chunked 200 that never ends;</li>
 * <li>{@code /stall}: a chunked 200 that sends one chunk, then nothing;</li>
 * <li>{@code /broken}: a 200 declaring 1000 bytes that sends 500 and closes the connection;</li>
 * <li>{@code /overlong}: a 200 declaring 2 bytes, followed on the same connection by a second, unasked-for answer
 * ({@code SMUGGLED});</li>
 * <li>{@code /interim}: {@code 102 Processing} and {@code 103 Early Hints}, then 200 with {@code final}.</li>
 * <li>{@code /no-content-with-body}, {@code /not-modified-with-body}: a 204 or 304 followed by bytes that no answer
 * may have;</li>
 * <li>{@code /ok} asked with {@code HEAD}: 200 with its body all the same;</li>
 * <li>{@code /late-bytes}: 200 with {@code ok}, then, a moment later, bytes nobody asked for;</li>
 * <li>{@code /status/<n>}: an answer with status {@code n}, whatever it is;</li>
 * <li>{@code /header/<n>}: 200 with an {@code X-Echo} header of {@code n} bytes;</li>
 * <li>{@code /early-answer}: 200 at once, before the request's body, which it then reads and drops without waiting for
 * its end: only the gateway can end that exchange, by closing the connection.</li>
 * </ul>
 * It reads requests without bodies only, but for {@code /early-answer}.
 */
public class MisbehavingBackend {

    private static final int CHUNK = 64 * 1024;
    private static final Buffer ZEROS = Buffer.buffer(new byte[CHUNK]);

    private final Vertx vertx;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger streaming = new AtomicInteger();
    private final AtomicLong bytesStreamed = new AtomicLong();
    private final AtomicInteger closedConnections = new AtomicInteger();
    private final AtomicInteger earlyAnswers = new AtomicInteger();
    private final AtomicInteger closedEarlyAnswers = new AtomicInteger();
    private NetServer server;

    public MisbehavingBackend(Vertx vertx) {
        this.vertx = vertx;
    }

    public MisbehavingBackend start() {
        try {
            server = vertx.createNetServer().connectHandler(this::serve).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Requests received since start-up. */
    public int requests() {
        return requests.get();
    }

    /** Answers of {@code /big}, {@code /endless} and {@code /stall} being sent: neither finished nor cut off. */
    public int streaming() {
        return streaming.get();
    }

    /** Bytes of bodies written by {@code /big} and {@code /endless} since start-up. */
    public long bytesStreamed() {
        return bytesStreamed.get();
    }

    /** {@code /early-answer} calls answered since start-up. */
    public int earlyAnswers() {
        return earlyAnswers.get();
    }

    /** Connections of {@code /early-answer} calls the gateway closed since start-up. */
    public int closedEarlyAnswers() {
        return closedEarlyAnswers.get();
    }

    /** Connections the gateway closed since start-up. */
    public int closedConnections() {
        return closedConnections.get();
    }

    private void serve(NetSocket socket) {
        socket.endHandler(ignored -> closedConnections.incrementAndGet());
        RecordParser heads = RecordParser.newDelimited("\r\n\r\n", head -> {
            requests.incrementAndGet();
            String[] requestLine = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", 2)[0].split(" ");
            if (requestLine[0].equals("HEAD") && requestLine[1].equals("/ok")) {
                socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            } else {
                answer(requestLine[1], socket);
            }
        });
        socket.handler(heads);
    }

    private void answer(String path, NetSocket socket) {
        if (path.equals("/ok")) {
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        } else if (path.startsWith("/big/")) {
            long bytes = Long.parseLong(path.substring("/big/".length())) * 1024 * 1024;
            socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bytes
                    + "\r\n\r\n");
            stream(socket, bytes, false);
        } else if (path.equals("/endless")) {
            socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            stream(socket, -1, true);
        } else if (path.equals("/stall")) {
            watch(socket);
            socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
        } else if (path.equals("/broken")) {
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(500))
                    .onComplete(ignored -> socket.close());
        } else if (path.equals("/overlong")) {
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nSMUGGLED");
        } else if (path.equals("/interim")) {
            socket.write("HTTP/1.1 102 Processing\r\n\r\n"
                    + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
        } else if (path.equals("/no-content-with-body")) {
            socket.write("HTTP/1.1 204 No Content\r\n\r\nstray");
        } else if (path.equals("/not-modified-with-body")) {
            socket.write("HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\nstray");
        } else if (path.equals("/late-bytes")) {
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            vertx.setTimer(200, ignored -> socket.write("stray"));
        } else if (path.startsWith("/status/")) {
            String status = path.substring("/status/".length());
            socket.write("HTTP/1.1 " + status + " Whatever\r\nContent-Length: 2\r\n\r\nok");
        } else if (path.startsWith("/header/")) {
            int size = Integer.parseInt(path.substring("/header/".length()));
            socket.write("HTTP/1.1 200 OK\r\nX-Echo: " + "e".repeat(size) + "\r\nContent-Length: 2\r\n\r\nok");
        } else if (path.equals("/early-answer")) {
            earlyAnswers.incrementAndGet();
            // reading on, so that the gateway's closing is seen however much of the body the socket buffers held
            socket.handler(ignored -> {
            });
            socket.closeHandler(ignored -> closedEarlyAnswers.incrementAndGet());
            socket.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly");
        } else {
            socket.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        }
    }

    /**
     * Writes {@code remaining} zero bytes ({@code -1}: without end), as fast as the peer reads them, until done or the
     * connection is closed.
     */
    private void stream(NetSocket socket, long remaining, boolean chunked) {
        boolean[] over = watch(socket);
        long[] left = { remaining };
        Runnable more = new Runnable() {
            @Override
            public void run() {
                while (!over[0] && left[0] != 0 && !socket.writeQueueFull()) {
                    int size = left[0] < 0 ? CHUNK : (int) Math.min(CHUNK, left[0]);
                    Buffer chunk = size == CHUNK ? ZEROS : ZEROS.getBuffer(0, size);
                    if (chunked) {
                        socket.write(Integer.toHexString(size).toUpperCase(Locale.ROOT) + "\r\n");
                        socket.write(chunk);
                        socket.write("\r\n");
                    } else {
                        socket.write(chunk);
                    }
                    bytesStreamed.addAndGet(size);
                    if (left[0] > 0) {
                        left[0] -= size;
                    }
                }
                if (over[0]) {
                    return;
                }
                if (left[0] != 0) {
                    socket.drainHandler(ignored -> run());
                } else {
                    over[0] = true;
                    streaming.decrementAndGet();
                }
            }
        };
        more.run();
    }

    /**
     * Counts an answer as being sent until its connection closes or it is finished; the flag tells whether either
     * happened.
     */
    private boolean[] watch(NetSocket socket) {
        boolean[] over = { false };
        streaming.incrementAndGet();
        socket.closeHandler(ignored -> {
            if (!over[0]) {
                over[0] = true;
                streaming.decrementAndGet();
            }
        });
        return over;
    }
}
