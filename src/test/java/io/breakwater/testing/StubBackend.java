package io.breakwater.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A real HTTP backend on a free port of 127.0.0.1, or on the loopback address and port the test gives it
 * ({@link #start(String, int)}). It records every request it receives and answers as the test tells
 * it to; by default 200 with a small JSON body.
 */
public class StubBackend {

    /**
     * A request as the backend received it.
     *
     * @param atNanos when its body had arrived, by {@link System#nanoTime()}
     */
    public record Received(String method, String uri, MultiMap headers, String body, long atNanos) {
    }

    private final Vertx vertx;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger mostConnections = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile Consumer<HttpServerResponse> answer;
    private volatile HttpServer server;
    private volatile String host = "127.0.0.1";
    private volatile int port;

    public StubBackend(Vertx vertx) {
        this.vertx = vertx;
        reset();
    }

    public StubBackend start() {
        server = await(vertx.createHttpServer()
                .connectionHandler(connection -> {
                    connectionsOpened.incrementAndGet();
                    int open = openConnections.incrementAndGet();
                    mostConnections.accumulateAndGet(open, Math::max);
                    connection.closeHandler(ignored -> openConnections.decrementAndGet());
                })
                .requestHandler(this::handle).listen(port, host));
        port = server.actualPort();
        return this;
    }

    /**
     * Listens on {@code host} and {@code port} rather than a free port of 127.0.0.1: on Linux every address of
     * 127.0.0.0/8 is the loopback interface's, so that several stubs can share one port, as the endpoints a DNS name
     * resolves to share the port of the backend's URL.
     *
     * @param host a loopback address, such as {@code 127.0.0.2}
     * @param port the port, or 0 for a free one
     */
    public StubBackend start(String host, int port) {
        this.host = host;
        this.port = port;
        return start();
    }

    /**
     * Closes the listening socket: new connections are refused until {@link #start()} listens again on the same port.
     */
    public void stop() {
        await(server.close());
    }

    public String url() {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The address it listens on. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /**
     * Back to answering 200 and forgetting what was received.
     */
    public void reset() {
        received.clear();
        answer = json(200, "{\"ok\":true}");
    }

    /**
     * Every following request is answered by {@code answer}.
     */
    public void answer(Consumer<HttpServerResponse> answer) {
        this.answer = answer;
    }

    public void answer(int status, String jsonBody) {
        answer(json(status, jsonBody));
    }

    /**
     * Every following request is answered after {@code delay}.
     */
    public void answerAfter(Duration delay, int status, String jsonBody) {
        Consumer<HttpServerResponse> json = json(status, jsonBody);
        answer(response -> vertx.setTimer(delay.toMillis(), ignored -> {
            if (!response.closed()) {
                json.accept(response);
            }
        }));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int calls() {
        return received.size();
    }

    /** The most connections the gateway ever had open to this backend at once, busy or idle. */
    public int mostConnections() {
        return mostConnections.get();
    }

    /** The connections the gateway opened to this backend since it started, closed ones included. */
    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** The most requests this backend ever had received and not yet answered at once. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    public static Consumer<HttpServerResponse> json(int status, String body) {
        return response -> response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    public static Consumer<HttpServerResponse> withHeaders(Map<String, String> headers, int status, String body) {
        return response -> {
            headers.forEach(response::putHeader);
            response.setStatusCode(status).end(body);
        };
    }

    private void handle(HttpServerRequest request) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        request.response().endHandler(ignored -> inFlight.decrementAndGet());
        request.response().closeHandler(ignored -> {
            if (!request.response().ended()) {
                inFlight.decrementAndGet();
            }
        });
        request.body().onSuccess(body -> {
            received.add(new Received(request.method().name(), request.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.toString(), System.nanoTime()));
            answer.accept(request.response());
        });
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
