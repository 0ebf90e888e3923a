package io.breakwater.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.restassured.RestAssured;

/**
 * Sends a request exactly as written, byte for byte, for what an HTTP client library would refuse or tidy up:
 * backslashes, dot segments, raw characters a URI may not hold, malformed headers.
 */
public final class RawHttp {

    /**
     * What came back: status, headers (names in lower case) and body.
     */
    public record Answer(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /**
     * @param requestTarget the request line's target, sent unchanged
     */
    public static Answer get(String requestTarget) {
        return send("GET " + requestTarget + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    /**
     * Sends {@code request} on a new connection and reads one answer; the connection is closed after it.
     */
    public static Answer send(String request) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code request} on a new connection and keeps it open, for a test that reads the answer at its own pace or
     * not at all.
     */
    public static Connection open(String request) {
        try {
            Socket socket = new Socket("localhost", RestAssured.port);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new Connection(socket);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens a connection from {@code localAddress} (any of 127.0.0.0/8), so that the gateway sees another client, and
     * sends {@code request} on it.
     */
    public static Connection openFrom(String localAddress, String request) {
        return openFrom(localAddress, RestAssured.port, request, Duration.ofSeconds(20));
    }

    /**
     * Opens a connection from {@code localAddress} to the gateway on {@code port}, the connect and each read on it
     * waiting at most {@code timeout}, and sends {@code request} on it.
     */
    public static Connection openFrom(String localAddress, int port, String request, Duration timeout) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new Connection(socket);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An open connection to the gateway.
     */
    public static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        /** Sends more bytes, such as the rest of a body. */
        public void send(String bytes) throws IOException {
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        /** Reads the answer's status line as it came, for a test of the status line itself. */
        public String statusLine() throws IOException {
            return line(in);
        }

        /** Reads the rest of an answer whose status line {@link #statusLine()} read: headers and body. */
        public Answer answerAfterStatusLine(int status) throws IOException {
            return withBody(headers(status));
        }

        /** Reads the answer's status line and headers (names in lower case), leaving the body unread. */
        public Answer head() throws IOException {
            String statusLine = line(in);
            return headers(Integer.parseInt(statusLine.split(" ")[1]));
        }

        private Answer headers(int status) throws IOException {
            Map<String, String> headers = new TreeMap<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            return new Answer(status, headers, "");
        }

        /** Reads the whole answer: head and a body of its {@code Content-Length}. */
        public Answer answer() throws IOException {
            return withBody(head());
        }

        private Answer withBody(Answer head) throws IOException {
            String length = head.headers().get("content-length");
            byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return new Answer(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
        }

        /** Reads and drops {@code bytes} bytes; fails if the connection ends before. */
        public void skip(long bytes) throws IOException {
            in.skipNBytes(bytes);
        }

        /**
         * Reads until the gateway closes the connection (or resets it).
         *
         * @return the bytes read
         */
        public long readUntilClosed() {
            long read = 0;
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read += n;
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new IllegalStateException("the connection was still open after 20 s, " + read + " bytes read");
            } catch (IOException e) {
                // a reset closes the connection too
            }
            return read;
        }

        /**
         * @return whether the gateway closed the connection by now, waiting for it up to {@code wait}; nothing may
         *         be left to read on it
         */
        public boolean closedWithin(Duration wait) throws IOException {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            } finally {
                socket.setSoTimeout(20_000);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed before the end of the answer's head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
