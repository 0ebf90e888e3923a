package io.breakwater.backend;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * How the gateway reaches one backend: Vert.x's HTTP client with connection pools of the backend's own (see
 * {@link BackendClients}), and where the backend is. Requests are opened here; the caller sends and reads them, so
 * that bodies stream both ways.
 * <p>
 * Each event loop has a client of its own, whose connections live on that event loop: a call is read from its client,
 * sent to the backend and answered on one thread, with no hand-over between the two connections (a quarter more
 * requests/s than one client shared by all event loops; docs/performance.md#where-the-time-goes).
 */
public final class BackendClient {

    private final Supplier<HttpClient> newClient;
    private final BackendAddress address;
    /** For requests from outside an event loop, such as probes from a worker thread. */
    private final HttpClient shared;
    private final Map<Thread, HttpClient> byEventLoop = new ConcurrentHashMap<>();

    BackendClient(Supplier<HttpClient> newClient, BackendAddress address) {
        this.newClient = newClient;
        this.address = address;
        this.shared = newClient.get();
    }

    private HttpClient http() {
        if (!Context.isOnEventLoopThread()) {
            return shared;
        }
        HttpClient own = byEventLoop.get(Thread.currentThread());
        return own != null ? own : byEventLoop.computeIfAbsent(Thread.currentThread(), ignored -> newClient.get());
    }

    /**
     * Opens a request to the backend, taking a pooled connection or opening one. The backend's {@code Host} is its
     * own, and credentials in its URL become the {@code Authorization} header.
     *
     * @param pathAndQuery raw path (empty or starting with {@code /}) and query, appended to the base URL's path
     * @param headers end-to-end headers to send
     */
    public Future<HttpClientRequest> open(HttpMethod method, String pathAndQuery, MultiMap headers) {
        return http().request(options(method, pathAndQuery, headers));
    }

    /**
     * A {@code GET} of {@code path} with nothing but the credentials, its answer read and dropped; given up, and its
     * connection closed, after {@code timeout} without a byte from the backend.
     *
     * @return the answer's status
     */
    public Future<Integer> probe(String path, Duration timeout) {
        return http().request(options(HttpMethod.GET, path, HttpHeaders.headers()).setIdleTimeout(timeout.toMillis()))
                .compose(HttpClientRequest::send)
                .compose(response -> response.end().map(ignored -> response.statusCode()));
    }

    private RequestOptions options(HttpMethod method, String pathAndQuery, MultiMap headers) {
        address.authorization().ifPresent(credentials -> headers.set(HttpHeaders.AUTHORIZATION, credentials));
        return new RequestOptions().setMethod(method).setHost(address.host()).setPort(address.port())
                .setSsl(address.secure()).setURI(address.uri(pathAndQuery)).setHeaders(headers);
    }

    /** Closes the pooled connections. */
    Future<Void> close() {
        return Future.join(shared.close(), Future.join(byEventLoop.values().stream().map(HttpClient::close).toList()))
                .mapEmpty();
    }
}
