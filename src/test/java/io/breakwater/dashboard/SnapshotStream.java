package io.breakwater.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.restassured.path.json.JsonPath;

/**
 * {@code GET /dashboard/stream} read as a browser's {@code EventSource} reads it: each {@code data:} line is one
 * snapshot.
 */
final class SnapshotStream implements AutoCloseable {

    private final BlockingQueue<JsonPath> received = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SnapshotStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(() -> {
            try {
                response.body().filter(line -> line.startsWith("data:"))
                        .forEach(line -> received.add(JsonPath.from(line.substring("data:".length()))));
            } catch (UncheckedIOException closed) {
                // the stream was closed
            }
        }, "snapshot-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static SnapshotStream open(URI stream) throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        return new SnapshotStream(response);
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    /**
     * @return the next snapshot, or {@code null} if none came within {@code timeout}
     */
    JsonPath next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @return the first snapshot from now on that matches, or {@code null} if none came within {@code timeout}
     */
    JsonPath next(Predicate<JsonPath> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            JsonPath snapshot = received.poll(left, TimeUnit.NANOSECONDS);
            if (snapshot != null && matching.test(snapshot)) {
                return snapshot;
            }
        }
        return null;
    }

    /**
     * @return whether the gateway ended the stream within {@code timeout}
     */
    boolean ends(Duration timeout) throws InterruptedException {
        reader.join(timeout.toMillis());
        return !reader.isAlive();
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
