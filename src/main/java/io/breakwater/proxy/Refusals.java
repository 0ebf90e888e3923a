package io.breakwater.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.breakwater.http.GatewayError;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Refuses a request the gateway will not read on: answers with the gateway's JSON error and closes the connection
 * once the answer is out. A request that arrives on a connection being closed so is never served: after a request
 * whose framing was bad, the bytes that follow on its connection may be another request smuggled in its body,
 * which the HTTP parser may already have read and queued by the time the refusal is sent.
 * <p>
 * A well-framed request refused for its body's size is read on a little: see {@link #refuseBody}.
 */
@Singleton
class Refusals {

    /** How long a client may go on sending a refused body before its connection is closed anyway. */
    static final long LINGER_MILLIS = 2_000;

    private final Set<HttpConnection> closing = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;

    Refusals(Vertx vertx) {
        this.vertx = vertx;
    }

    void refuse(HttpServerRequest request, GatewayError error) {
        refuse(request, error, false);
    }

    /**
     * Refuses a well-framed request for its body, too large, as {@link #refuse} does, but drops what the client goes on
     * sending of that body, until it ends or for {@value #LINGER_MILLIS} ms at most, before closing the connection, as
     * web servers linger on a connection they close: a client that sends its whole body before it reads (as most do)
     * would otherwise have the connection reset under it by the bytes left unread, and lose the answer. A client that
     * asked whether to send its body ({@code Expect: 100-continue}) is told not to, and sends nothing more.
     */
    void refuseBody(HttpServerRequest request, GatewayError error) {
        refuse(request, error, !request.isEnded() && !expectsContinue(request));
    }

    /** Whether the client waits for {@code 100 Continue} before it sends its body. */
    static boolean expectsContinue(HttpServerRequest request) {
        return HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.getHeader(HttpHeaders.EXPECT));
    }

    private void refuse(HttpServerRequest request, GatewayError error, boolean dropRestOfBody) {
        HttpServerResponse response = request.response();
        HttpConnection connection = request.connection();
        if (connection != null && request.version() != HttpVersion.HTTP_2) {
            closing.add(connection);
            if (dropRestOfBody) {
                request.exceptionHandler(ignored -> {
                });
                request.handler(ignored -> {
                });
                request.resume();
            }
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .closeHandler(ignored -> closing.remove(connection))
                    .endHandler(ignored -> {
                        if (dropRestOfBody) {
                            closeOnceBodyEnds(request, connection);
                        } else {
                            close(connection);
                        }
                    });
        }
        error.send(response);
    }

    private void closeOnceBodyEnds(HttpServerRequest request, HttpConnection connection) {
        if (request.isEnded()) {
            close(connection);
            return;
        }
        long lingering = vertx.setTimer(LINGER_MILLIS, fired -> close(connection));
        request.endHandler(ended -> {
            vertx.cancelTimer(lingering);
            close(connection);
        });
    }

    private void close(HttpConnection connection) {
        connection.close().onComplete(closed -> closing.remove(connection));
    }

    /**
     * Whether {@code request} came on a connection that is closing after a refusal; such a request must be dropped
     * without an answer.
     */
    boolean arrivedAfterRefusal(HttpServerRequest request) {
        return !closing.isEmpty() && closing.contains(request.connection());
    }
}
