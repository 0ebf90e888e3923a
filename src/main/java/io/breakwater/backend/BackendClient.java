package io.breakwater.backend;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.breakwater.endpoint.Endpoint;
import io.breakwater.endpoint.Endpoints;
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
 * {@link BackendClients}), one per endpoint, and the backend's {@link Endpoints}. Requests are opened here, on the
 * endpoint the caller chose; the caller sends and reads them, so that bodies stream both ways.
 * <p>
 * Each event loop has a client of its own, whose connections live on that event loop: a call is read from its client,
 * sent to the backend and answered on one thread, with no hand-over between the two connections (a quarter more
 * requests/s than one client shared by all event loops; docs/performance.md#where-the-time-goes).
 */
public final class BackendClient {

    private final Supplier<HttpClient> newClient;
    private final BackendAddress address;
    private final Endpoints endpoints;
    /** Whether endpoints are addresses of the URL's host name, which stays the {@code Host} of every request. */
    private final boolean named;
    /** For requests from outside an event loop, such as probes from a worker thread. */
    private final HttpClient shared;
    private final Map<Thread, HttpClient> byEventLoop = new ConcurrentHashMap<>();

    BackendClient(Supplier<HttpClient> newClient, BackendAddress address, Endpoints endpoints, boolean named) {
        this.newClient = newClient;
        this.address = address;
        this.endpoints = endpoints;
        this.named = named;
        this.shared = newClient.get();
    }

    private HttpClient http() {
        if (!Context.isOnEventLoopThread()) {
            return shared;
        }
        HttpClient own = byEventLoop.get(Thread.currentThread());
        return own != null ? own : byEventLoop.computeIfAbsent(Thread.currentThread(), ignored -> newClient.get());
    }

    /** The backend's endpoints, to choose one for each attempt. */
    public Endpoints endpoints() {
        return endpoints;
    }

    /**
     * Opens a request to one endpoint of the backend, taking a pooled connection or opening one. The backend's
     * {@code Host} is its own, and credentials in its URL become the {@code Authorization} header.
     *
     * @param pathAndQuery raw path (empty or starting with {@code /}) and query, appended to the base URL's path
     * @param headers end-to-end headers to send
     */
    public Future<HttpClientRequest> open(Endpoint endpoint, HttpMethod method, String pathAndQuery,
            MultiMap headers) {
        return http().request(options(endpoint, method, pathAndQuery, headers));
    }

    /**
     * A {@code GET} of {@code path} on an endpoint the load balancer chooses, with nothing but the credentials, its
     * answer read and dropped; given up, and its connection closed, after {@code timeout} without a byte from the
     * backend.
     *
     * @return the answer's status
     */
    public Future<Integer> probe(String path, Duration timeout) {
        Endpoints.Attempt attempt = endpoints.choose(null);
        if (attempt == null) {
            return Future.failedFuture(new IllegalStateException("no endpoint found"));
        }
        return http().request(options(attempt.endpoint(), HttpMethod.GET, path, HttpHeaders.headers())
                .setIdleTimeout(timeout.toMillis()))
                .compose(HttpClientRequest::send)
                .compose(response -> response.end().map(ignored -> response.statusCode()))
                .andThen(ignored -> attempt.release());
    }

    /** The full URL of a request to {@code endpoint}, as traces show it. */
    public String url(Endpoint endpoint, String pathAndQuery) {
        return endpoint.url() + address.uri(pathAndQuery);
    }

    private RequestOptions options(Endpoint endpoint, HttpMethod method, String pathAndQuery, MultiMap headers) {
        address.authorization().ifPresent(credentials -> headers.set(HttpHeaders.AUTHORIZATION, credentials));
        return new RequestOptions().setMethod(method)
                .setServer(endpoint.address())
                .setHost(named ? address.host() : endpoint.host()).setPort(endpoint.port())
                .setSsl(address.secure()).setURI(address.uri(pathAndQuery)).setHeaders(headers);
    }

    /** Closes the pooled connections. */
    Future<Void> close() {
        return Future.join(shared.close(), Future.join(byEventLoop.values().stream().map(HttpClient::close).toList()))
                .mapEmpty();
    }
}
