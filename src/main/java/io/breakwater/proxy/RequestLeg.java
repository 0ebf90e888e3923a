package io.breakwater.proxy;

import io.breakwater.backend.BackendClient;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.CallOutcome;
import io.breakwater.endpoint.Endpoints;
import io.breakwater.tracing.AttemptSpan;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * One attempt of a call: its request to one endpoint, the body streamed from the client or sent whole from what the
 * call held of it, and how the endpoint did, for its ejection and for the load balancer's count of calls in flight.
 * A retry is a new leg, to another endpoint. Its trace is a span of its own. Used on the call's event loop only.
 */
final class RequestLeg {

    private final Endpoints.Attempt endpoint;
    private final AttemptSpan span;
    private HttpClientRequest request;
    private BodyRelay upload;
    private boolean sentWhole;

    RequestLeg(Endpoints.Attempt endpoint, AttemptSpan span) {
        this.endpoint = endpoint;
        this.span = span;
    }

    Endpoints.Attempt endpoint() {
        return endpoint;
    }

    AttemptSpan span() {
        return span;
    }

    /**
     * The attempt is over: the endpoint is free for another call, and the span ends.
     *
     * @param call how the whole call ended, if it is over with this attempt
     */
    void over(CallOutcome call) {
        endpoint.release();
        span.end(call);
    }

    /** Opens the request on the endpoint: a pooled connection, or a new one. */
    Future<HttpClientRequest> open(BackendClient client, BackendRequest outgoing) {
        return client.open(endpoint.endpoint(), outgoing.method(), outgoing.pathAndQuery(), outgoing.headers());
    }

    /** The request is open: what is sent from now on goes on it. */
    void opened(HttpClientRequest opened) {
        request = opened;
        // failures show in the answer's future, or do not matter once the call is over
        opened.exceptionHandler(ignored -> {
        });
    }

    HttpClientRequest request() {
        return request;
    }

    void sendWithoutBody() {
        request.end();
        sentWhole = true;
    }

    void sendWhole(Buffer body) {
        request.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
        request.end(body);
        sentWhole = true;
    }

    /**
     * Streams the client's body to the endpoint, with its declared length or chunked ({@code bodyLength < 0}).
     *
     * @param tap sees every chunk, or {@code null}
     * @return completes once the endpoint has taken the whole body; see {@link BodyRelay#start}
     */
    Future<Void> stream(HttpServerRequest source, long bodyLength, long maxBytes, Handler<Buffer> tap) {
        if (bodyLength >= 0) {
            request.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(bodyLength));
        } else {
            request.setChunked(true);
        }
        upload = new BodyRelay(source, request, maxBytes, tap, true);
        return upload.start();
    }

    /** The streamed body has reached the endpoint whole. */
    void streamed() {
        sentWhole = true;
    }

    /** Whether the client's body is on its way to the endpoint, not yet whole. */
    boolean uploading() {
        return upload != null && !sentWhole;
    }

    /** The body being streamed, or {@code null}. */
    BodyRelay upload() {
        return upload;
    }

    /** Whether the endpoint has had the request whole: head, and body if any. */
    boolean sentWhole() {
        return sentWhole;
    }

    /** Whether none of the client's body was read for this leg: it can go to another endpoint as it is. */
    boolean bodyUntouched() {
        return upload == null;
    }

    /**
     * Closes the connection unless the exchange with the endpoint is complete, so that nothing more is read from it
     * and it never returns to the pool.
     *
     * @param answerEnded whether the endpoint's answer has arrived whole
     */
    void reset(boolean answerEnded) {
        if (request != null && !(sentWhole && answerEnded)) {
            request.reset();
        }
    }
}
