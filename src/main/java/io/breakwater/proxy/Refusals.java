package io.breakwater.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.breakwater.http.GatewayError;
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
 */
@Singleton
class Refusals {

    private final Set<HttpConnection> closing = ConcurrentHashMap.newKeySet();

    void refuse(HttpServerRequest request, GatewayError error) {
        HttpServerResponse response = request.response();
        HttpConnection connection = request.connection();
        if (connection != null && request.version() != HttpVersion.HTTP_2) {
            closing.add(connection);
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .closeHandler(ignored -> closing.remove(connection))
                    .endHandler(ignored -> connection.close().onComplete(closed -> closing.remove(connection)));
        }
        error.send(response);
    }

    /**
     * Whether {@code request} came on a connection that is closing after a refusal; such a request must be dropped
     * without an answer.
     */
    boolean arrivedAfterRefusal(HttpServerRequest request) {
        return !closing.isEmpty() && closing.contains(request.connection());
    }
}
