package io.breakwater.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;

/**
 * Calls one path through the gateway again and again from a thread of its own while a test does something else,
 * to show that what the test does leaves that path served.
 */
public final class BackgroundCalls implements AutoCloseable {

    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    /** What went wrong with each call not answered 200, and when, for the failure message. */
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private final CountDownLatch firstAnswer = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /** One call: its status, or an exception if it was not answered. */
    private interface Call {
        int status() throws Exception;
    }

    private BackgroundCalls(Call call) {
        thread = new Thread(() -> {
            while (running) {
                long callStart = System.nanoTime();
                int status;
                String failure;
                try {
                    status = call.status();
                    failure = "answered " + status;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    status = -1;
                    failure = e.toString();
                }
                statuses.add(status);
                if (status != 200) {
                    failures.add(String.format("%s (started at %d ms, took %d ms)", failure,
                            TimeUnit.NANOSECONDS.toMillis(callStart - startNanos),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - callStart)));
                }
                firstAnswer.countDown();
            }
        }, "background-calls");
        thread.start();
    }

    /** Starts calling {@code path} (e.g. {@code /api/data/meanwhile}) on the gateway under test. */
    public static BackgroundCalls of(String path) {
        return at(RestAssured.baseURI + ":" + RestAssured.port + path);
    }

    /**
     * Starts calling {@code url}, and returns once the first call is answered: the calls are under way before the
     * test does what they must outlast, however slowly the machine starts the thread.
     */
    public static BackgroundCalls at(String url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        return started(new BackgroundCalls(
                () -> client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()), url);
    }

    /**
     * Starts calling {@code path} on the gateway listening on {@code port} as another client would: from
     * {@code localAddress} (any of 127.0.0.0/8), on a new connection each time, each answer awaited at most
     * {@code timeout}.
     */
    public static BackgroundCalls fromAnotherClient(String localAddress, int port, String path, Duration timeout) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        return started(new BackgroundCalls(() -> {
            try (RawHttp.Connection connection = RawHttp.openFrom(localAddress, port, request, timeout)) {
                return connection.answer().status();
            }
        }), localAddress + ":" + path);
    }

    private static BackgroundCalls started(BackgroundCalls calls, String url) {
        try {
            if (!calls.firstAnswer.await(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer to the first background call within 15 s: " + url);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return calls;
    }

    /**
     * Stops calling and checks that there were calls and that every one was answered 200.
     */
    public void assertAllServed() throws InterruptedException {
        running = false;
        thread.join(15_000);
        assertTrue(statuses.size() > 0, "no call was made");
        assertEquals(List.of(), failures, "calls not answered 200 among " + statuses.size() + " calls");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(15_000);
    }
}
