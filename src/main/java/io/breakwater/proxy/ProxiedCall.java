package io.breakwater.proxy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendCall;
import io.breakwater.backend.BackendClient;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.BackendServerError;
import io.breakwater.backend.CallOutcome;
import io.breakwater.backend.SlowCall;
import io.breakwater.breaker.CallVerdict;
import io.breakwater.breaker.FailureReason;
import io.breakwater.endpoint.Endpoint;
import io.breakwater.endpoint.Endpoints;
import io.breakwater.endpoint.NoEndpointException;
import io.breakwater.fallback.StaleCache;
import io.breakwater.fallback.StaleCopy;
import io.breakwater.http.GatewayError;
import io.breakwater.retry.RetryPolicy;
import io.breakwater.tracing.CallTrace;
import io.breakwater.tracing.ReportedOutcome;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * One client request on its way through the gateway to a backend and back. It streams the request body to the
 * backend and the answer to the client ({@link BodyRelay}), and owns what bounds the call:
 * <ul>
 * <li>the deadline, {@code <prefix>.timeout} from accepting the call to the answer's head, waiting for a place in the
 * bulkhead and for a connection included, but not the time the client takes to send its body;</li>
 * <li>the slow-call threshold, {@code <prefix>.slow-call-threshold} from sending the request to the answer's head: past
 * it the breaker counts a failure at once, and the call goes on;</li>
 * <li>the body idle timeout, {@code <prefix>.body-idle-timeout} without a byte moving once a body is on its way;</li>
 * <li>the client going away.</li>
 * </ul>
 * Whichever ends the call closes the backend connection if the exchange with the backend is unfinished (so that
 * nothing more is read from it and it never returns to the pool), tells the breaker how the call ended and answers
 * or cuts off the client, each once; {@link io.breakwater.breaker.BreakerGate} records the outcome.
 * <p>
 * What the call does is told to its {@link CallTrace}: the breaker's decision, each attempt, how it ended.
 * <p>
 * Everything here runs on the client connection's event loop; what arrives from another thread (the bulkhead letting
 * a queued call through) is moved onto it first. One timer per call serves the deadline, the slow-call threshold and
 * the idle timeout.
 */
final class ProxiedCall implements BackendCall {

    private static final Logger LOG = Logger.getLogger(ProxiedCall.class);

    /** What every call uses, made once by {@link ProxyRoute}. */
    record Tools(Vertx vertx, StaleCache staleCache, FailureResponses failures, Refusals refusals,
            long maxBodyBytes) {
    }

    /** Where the call is; only ever moves forward. */
    private enum Phase {
        /** Accepted, not yet let through by the bulkhead and breaker. */
        QUEUED,
        /** Sent or being sent to the backend, the answer's head not yet in. */
        SENDING,
        /** The answer is on its way to the client. */
        RELAYING,
        /** Nothing more will happen. */
        OVER
    }

    /** {@code bodyLength} of a request without a body. */
    static final long NO_BODY = -2;
    /** {@code bodyLength} of a request whose body comes chunked, of unknown length. */
    static final long CHUNKED = -1;

    private static final long NO_TIMER = -1;
    /** Largest unread request body dropped after the gateway answered by itself; a larger one closes the connection. */
    private static final long DRAINED_BODY_BYTES = 64 * 1024;

    private final Tools tools;
    private final Backend backend;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final BackendRequest outgoing;
    private final CallTrace trace;
    private final long bodyLength;
    private final Context context;
    private final Thread eventLoop;
    private final long acceptedNanos;
    private final long timeoutNanos;
    private final long idleNanos;
    /** The slow-call threshold, or 0 without one. */
    private final long slowNanos;

    private volatile Phase phase = Phase.QUEUED;
    private long timer = NO_TIMER;
    private long timerAtNanos;
    /** When the bulkhead let the call through; set on the thread that did, read on the event loop after it. */
    private volatile long admittedNanos;
    private long sendingNanos;
    private long uploadStartedNanos;
    private long uploadNanos;
    private BodyRelay download;
    private BackendClient client;
    /** The attempt on its way, to the endpoint chosen for it; {@code null} until the call is sent. */
    private RequestLeg leg;
    private int retries;
    /** Whether the call may be tried again on another endpoint, should an attempt fail before the answer. */
    private final boolean retryable;
    /** The request body as sent, held to be sent again, while the call is {@link #retryable}. */
    private Buffer heldBody;
    private Promise<CallOutcome> breaker;
    private StaleCopy copy;
    private HttpClientResponse serverError;
    private CallOutcome outcome;
    /** Set once the breaker has counted the call as slow; completed when the call is over. */
    private volatile CompletableFuture<Void> overAfterSlow;

    /**
     * @param bodyLength the request body's declared length, {@link #CHUNKED} or {@link #NO_BODY}
     */
    ProxiedCall(Tools tools, Backend backend, HttpServerRequest request, BackendRequest outgoing, CallTrace trace,
            long bodyLength) {
        this.tools = tools;
        this.backend = backend;
        this.request = request;
        this.response = request.response();
        this.outgoing = outgoing;
        this.trace = trace;
        this.bodyLength = bodyLength;
        this.context = Vertx.currentContext();
        this.eventLoop = Thread.currentThread();
        this.acceptedNanos = System.nanoTime();
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(backend.config().timeout());
        this.idleNanos = TimeUnit.SECONDS.toNanos(backend.config().bodyIdleTimeout());
        this.slowNanos = backend.config().slowCallThreshold().map(Duration::toNanos).orElse(0L);
        // with one endpoint there is nowhere else to go: no body held, no budget counted
        this.retryable = backend.client().endpoints().several()
                && backend.retries().mayRetry(outgoing.method(), bodyLength != NO_BODY, bodyLength);
    }

    /**
     * Starts the deadline and watches for the client going away; called once, before the call goes to the gate.
     */
    void begin() {
        request.pause();
        response.closeHandler(ignored -> clientGone());
        schedule();
    }

    /**
     * The gate's verdict, once the breaker has counted the call. A good answer's end may reach the client now; a 5xx
     * answer is relayed now; a call refused (breaker open, bulkhead full) or failed before the answer's head
     * (unreachable, timed out) is answered by the gateway. Anything else (a call over while queued, a client gone, a
     * failure after the head) was handled already.
     */
    void settled(CallVerdict verdict) {
        onEventLoop(() -> {
            if (verdict.outcome() == CallOutcome.SUCCESS) {
                if (phase == Phase.RELAYING && download != null && download.sourceEnded()) {
                    end(CallOutcome.SUCCESS);
                    if (copy != null) {
                        copy.keep();
                    }
                    download.endDestination();
                }
            } else if (serverError != null && verdict.reason() == FailureReason.SERVER_ERROR) {
                relayServerError();
            } else if (verdict.reason() != null && (phase == Phase.QUEUED || phase == Phase.SENDING)) {
                if (verdict.reason().isRefusal()) {
                    trace.breakerDecided();
                }
                end(verdict.outcome());
                resetBackend();
                answerInstead(verdict.reason(), verdict.cause());
            }
        });
    }

    @Override
    public CallOutcome admitted() {
        admittedNanos = System.nanoTime();
        return phase == Phase.OVER ? outcome : null;
    }

    @Override
    public Future<Void> whenOver() {
        CompletableFuture<Void> over = overAfterSlow;
        return over == null ? Future.succeededFuture() : Future.fromCompletionStage(over);
    }

    @Override
    public Future<CallOutcome> send(BackendClient client) {
        Promise<CallOutcome> counted = Promise.promise();
        onEventLoop(() -> send(client, counted));
        return counted.future();
    }

    private void send(BackendClient client, Promise<CallOutcome> counted) {
        if (phase != Phase.QUEUED) {
            // over while the breaker let it through: nothing to send, and not the backend's doing
            counted.complete(outcome);
            return;
        }
        phase = Phase.SENDING;
        trace.breakerDecided();
        sendingNanos = System.nanoTime();
        breaker = counted;
        this.client = client;
        if (client.endpoints().several()) {
            backend.retries().called();
        }
        schedule();
        Endpoints.Attempt first = client.endpoints().choose(null);
        if (first == null) {
            backendFailed(new NoEndpointException(backend.breakerName()));
            return;
        }
        sendTo(first);
    }

    private void sendTo(Endpoints.Attempt next) {
        leg = new RequestLeg(next, trace.attempt(next.endpoint(), outgoing, client));
        leg.open(client, outgoing).onComplete(this::opened);
    }

    /**
     * The attempt failed before any of its answer reached the client: it counts for its endpoint, and the call is
     * tried again on another endpoint if it may be (see {@link RetryPolicy}): a request that can be sent again whole,
     * time left, another endpoint serving, the budget not spent. Else the breaker counts the failure.
     *
     * @param bodyWhole whether the backend got the request's body whole, or none of it, so that it can be sent again
     */
    private void attemptFailed(Throwable cause) {
        RequestLeg failed = leg;
        failed.endpoint().failed();
        failed.span().failed(cause);
        if (retryable && canSendAgain(failed) && breaker != null && phase == Phase.SENDING
                && System.nanoTime() - deadlineNanos() < 0) {
            Endpoints.Attempt next = client.endpoints().choose(failed.endpoint().endpoint());
            if (next != null && backend.retries().retry(retries)) {
                retries++;
                trace.retried(retries);
                resetBackend();
                failed.over(null);
                serverError = null;
                sendTo(next);
                return;
            }
            if (next != null) {
                next.release();
            }
        }
        backendFailed(cause);
    }

    /** Whether the request can go to another endpoint: it has no body, none of it was read, or it is held whole. */
    private boolean canSendAgain(RequestLeg failed) {
        return bodyLength == NO_BODY || failed.bodyUntouched() || (failed.sentWhole() && heldWhole());
    }

    private boolean heldWhole() {
        return heldBody != null && heldBody.length() == bodyLength;
    }

    private void opened(AsyncResult<HttpClientRequest> opened) {
        if (opened.failed()) {
            if (phase == Phase.SENDING && counting()) {
                attemptFailed(opened.cause());
            }
            return;
        }
        HttpClientRequest backendRequest = opened.result();
        if (phase != Phase.SENDING || !counting()) {
            backendRequest.reset();
            return;
        }
        leg.opened(backendRequest);
        backendRequest.response().onComplete(this::answered);
        if (bodyLength == NO_BODY) {
            leg.sendWithoutBody();
        } else if (retries > 0 && heldWhole()) {
            leg.sendWhole(heldBody);
        } else {
            sendBody();
        }
    }

    private boolean expectsContinue() {
        return Refusals.expectsContinue(request);
    }

    private void sendBody() {
        if (expectsContinue()) {
            response.writeContinue();
        }
        uploadStartedNanos = System.nanoTime();
        if (retryable) {
            heldBody = Buffer.buffer((int) bodyLength);
        }
        Future<Void> uploading = leg.stream(request, bodyLength, tools.maxBodyBytes(),
                retryable ? heldBody::appendBuffer : null);
        schedule();
        uploading.onComplete(this::uploaded);
    }

    private void uploaded(AsyncResult<Void> result) {
        uploadNanos = System.nanoTime() - uploadStartedNanos;
        if (result.succeeded()) {
            leg.streamed();
            schedule();
            return;
        }
        Throwable failure = result.cause();
        if (failure instanceof BodyRelay.TooLarge) {
            refuseClient(GatewayError.payloadTooLarge(tools.maxBodyBytes()), true);
        } else if (failure instanceof BodyRelay.SourceFailed) {
            clientGone();
        } else if (phase == Phase.SENDING) {
            backendFailed(failure.getCause());
        }
    }

    private void answered(AsyncResult<HttpClientResponse> answered) {
        if (answered.failed()) {
            if (phase == Phase.SENDING && answered.cause() instanceof TooLongFrameException) {
                leg.span().failed(answered.cause());
                overGatewayLimit();
            } else if (phase == Phase.SENDING && counting()) {
                attemptFailed(answered.cause());
            }
            return;
        }
        HttpClientResponse answer = answered.result();
        answer.pause();
        // failures are seen by the relay, or do not matter once the call is over; Vert.x logs unhandled ones
        answer.exceptionHandler(ignored -> {
        });
        if (phase != Phase.SENDING || !counting()) {
            return;
        }
        if (isSlow(System.nanoTime())) {
            countSlow();
        }
        int status = answer.statusCode();
        leg.span().answered(status);
        if (status < 200 || status > 599) {
            // 1xx but the interim answers dropped on the way (101 switches protocols), or no HTTP status at all
            leg.endpoint().failed();
            backendFailed(new IllegalStateException("the backend answered with status " + status));
            resetBackend();
        } else if (status >= 500) {
            serverError = answer;
            if (overAfterSlow != null) {
                leg.endpoint().failed();
                relayServerError();
            } else if (status == 502 || status == 503 || status == 504) {
                // relayed by settled() once the breaker has counted it, unless the call is tried again
                attemptFailed(new BackendServerError(status));
            } else {
                leg.endpoint().failed();
                // relayed by settled(), once the breaker has counted it
                failBreaker(new BackendServerError(status));
            }
        } else {
            leg.endpoint().succeeded();
            phase = Phase.RELAYING;
            copy = tools.staleCache().copyOf(backend, outgoing, answer.statusCode(), answer.statusMessage(),
                    answer.headers());
            relay(answer, overAfterSlow != null);
        }
    }

    /** Passes a 5xx answer on, or the last good answer to the same GET if one is kept. */
    private void relayServerError() {
        HttpClientResponse answer = serverError;
        serverError = null;
        if (phase != Phase.SENDING) {
            return;
        }
        StaleCache.Stale stale = tools.staleCache().find(backend, outgoing).orElse(null);
        if (stale != null) {
            end(CallOutcome.FAILURE);
            trace.ended(ReportedOutcome.STALE, FailureReason.SERVER_ERROR);
            resetBackend();
            ClientResponses.sendStale(tools.vertx(), response, stale, FailureReason.SERVER_ERROR.label(),
                    backend.config().bodyIdleTimeout());
        } else {
            phase = Phase.RELAYING;
            relay(answer, true);
        }
    }

    /**
     * Sends the answer's head to the client and streams its body after it. A good answer's end, and its last chunk
     * when its length is declared, wait for the breaker to count the call ({@link #settled}), so that a client that
     * calls again at once finds the breaker, and its counts, as that call left them.
     */
    private void relay(HttpClientResponse answer, boolean counted) {
        if (counted) {
            // the relay ends the answer itself, and the server span with it
            boolean serverError = answer.statusCode() >= 500;
            trace.ended(serverError ? ReportedOutcome.FAILURE : ReportedOutcome.SLOW,
                    serverError ? FailureReason.SERVER_ERROR : FailureReason.SLOW_CALL);
        }
        ClientResponses.relayHead(request, response, answer);
        if (isUploading() && request.version() != HttpVersion.HTTP_2) {
            // an answer before the whole body: the rest of it may never be read, so the connection cannot carry
            // another request
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                    .endHandler(ignored -> request.connection().close());
        }
        download = new BodyRelay(answer, response, Long.MAX_VALUE, copy == null ? null : copy::append, counted);
        if (!counted) {
            long declaredLength = declaredLength(response);
            if (declaredLength > 0) {
                download.holdLastChunk(declaredLength);
            }
        }
        Future<Void> relaying = download.start();
        schedule();
        relaying.onComplete(this::relayed);
    }

    /** The answer's {@code Content-Length}, or -1 without one it can be read from (Netty frames the body by it). */
    private static long declaredLength(HttpServerResponse response) {
        String length = response.headers().get(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void relayed(AsyncResult<Void> result) {
        if (phase != Phase.RELAYING) {
            return;
        }
        if (result.succeeded()) {
            if (breaker != null) {
                completeBreaker(CallOutcome.SUCCESS);
            } else if (overAfterSlow != null && response.getStatusCode() < 500) {
                // a good answer, late: the breaker counted the call as slow
                end(CallOutcome.SUCCESS);
                if (copy != null) {
                    copy.keep();
                }
            } else {
                // a 5xx answer, relayed after the breaker counted it
                end(CallOutcome.FAILURE);
            }
        } else if (result.cause() instanceof BodyRelay.SourceFailed broken) {
            LOG.warnf("%s broke off its answer: %s", backend.breakerName(), broken.getCause().toString());
            answerBrokeOff(broken.getCause());
        } else {
            clientGone();
        }
    }

    /** Called on the event loop when the timer set by {@link #schedule} fires. */
    private void timeIsUp() {
        timer = NO_TIMER;
        long now = System.nanoTime();
        switch (phase) {
            case QUEUED -> {
                if (now - deadlineNanos() >= 0) {
                    end(CallOutcome.REJECTED);
                    answerInstead(FailureReason.TIMEOUT, new TimeoutException("waited for a place past the timeout"));
                    return;
                }
            }
            case SENDING -> {
                if (!counting()) {
                    // settled, the gate's verdict is on its way
                    return;
                }
                if (isUploading()) {
                    if (now - leg.upload().lastActivityNanos() >= idleNanos) {
                        uploadStalled();
                        return;
                    }
                } else if (now - deadlineNanos() >= 0) {
                    timedOut();
                    return;
                } else if (isSlow(now)) {
                    countSlow();
                }
            }
            case RELAYING -> {
                if (now - lastActivityNanos() >= idleNanos) {
                    answerStalled();
                    return;
                }
            }
            case OVER -> {
                return;
            }
        }
        schedule();
    }

    /**
     * No answer by the deadline: 504, and a failure for the breaker, unless the call spent more than a tenth of its
     * timeout waiting for a place in the bulkhead. Then the backend had too little of the time to be blamed, and the
     * gateway's own queueing must not open the breaker of a backend that is merely busy. What the gateway spends after
     * the bulkhead (a breaker's first call sets it up) is not waiting for a place.
     */
    private void timedOut() {
        TimeoutException timeout = new TimeoutException("no answer within " + backend.config().timeout() + " s");
        if (admittedNanos - acceptedNanos <= timeoutNanos / 10 || overAfterSlow != null) {
            if (leg != null) {
                leg.endpoint().failed();
            }
            backendFailed(timeout);
            resetBackend();
        } else {
            end(CallOutcome.REJECTED);
            completeBreaker(CallOutcome.REJECTED);
            resetBackend();
            answerInstead(FailureReason.TIMEOUT, timeout);
        }
    }

    /**
     * The answer's head is larger than the gateway reads ({@code quarkus.http.limits.max-header-size} or the longest
     * status line): 502, but no failure of the backend's, which may be healthy; the limit is the gateway's.
     */
    private void overGatewayLimit() {
        LOG.warnf("%s answered with a head larger than the gateway reads", backend.breakerName());
        end(CallOutcome.REJECTED);
        completeBreaker(CallOutcome.REJECTED);
        resetBackend();
        answerInstead(FailureReason.UNREACHABLE, null);
    }

    /**
     * The client's request body stopped moving: if the backend stopped reading it, the backend is slow (504 and a
     * failure); if the client stopped sending it, the client is (408, no fault of the backend's).
     */
    private void uploadStalled() {
        if (leg.upload().waitsForDestination()) {
            leg.endpoint().failed();
            backendFailed(new TimeoutException("the backend stopped reading the request body"));
            resetBackend();
        } else {
            refuseClient(GatewayError.requestTimeout(backend.config().bodyIdleTimeout()), false);
        }
    }

    /**
     * The answer stopped moving after its head was sent: there is no status left to change, so the client's
     * connection is cut. If the client stopped reading, that is no fault of the backend's.
     */
    private void answerStalled() {
        if (download.waitsForDestination()) {
            clientGone();
            response.reset();
        } else {
            LOG.warnf("%s stopped sending its answer for %d s", backend.breakerName(),
                    backend.config().bodyIdleTimeout());
            answerBrokeOff(new TimeoutException("no byte of the answer for " + backend.config().bodyIdleTimeout() + " s"));
        }
    }

    /** The answer failed after its head was sent: cuts the client off and counts a failure. */
    private void answerBrokeOff(Throwable cause) {
        leg.span().failed(cause);
        end(CallOutcome.FAILURE);
        failBreaker(cause);
        resetBackend();
        response.reset();
    }

    /** The client went away, or stopped reading: ends the call without blaming the backend. */
    private void clientGone() {
        onEventLoop(() -> {
            if (phase == Phase.OVER) {
                return;
            }
            end(CallOutcome.ABANDONED);
            completeBreaker(CallOutcome.ABANDONED);
            resetBackend();
        });
    }

    /**
     * Answers the client with the gateway's error, closes its connection and ends the call as the client's doing.
     *
     * @param bodyStillComing whether the client may still be sending its body, to be dropped before the connection
     *        closes ({@link Refusals#refuseBody})
     */
    private void refuseClient(GatewayError error, boolean bodyStillComing) {
        if (phase == Phase.OVER) {
            return;
        }
        boolean answering = phase == Phase.RELAYING || response.headWritten();
        end(CallOutcome.ABANDONED);
        trace.ended(ReportedOutcome.REFUSED, null);
        completeBreaker(CallOutcome.ABANDONED);
        resetBackend();
        if (answering) {
            response.reset();
        } else if (bodyStillComing) {
            tools.refusals().refuseBody(request, error);
        } else {
            tools.refusals().refuse(request, error);
        }
    }

    private void answerInstead(FailureReason reason, Throwable cause) {
        if (bodyLength != NO_BODY && !request.isEnded() && request.version() != HttpVersion.HTTP_2) {
            if (bodyLength >= 0 && bodyLength <= DRAINED_BODY_BYTES && !expectsContinue()) {
                // read and dropped, so that the connection can carry the client's next request; a client that waits
                // for 100 Continue may never send the body, so its connection is closed instead
                request.handler(ignored -> {
                });
                request.resume();
            } else {
                response.endHandler(ignored -> request.connection().close());
            }
        }
        tools.failures().answer(response, backend, outgoing, reason, cause, trace);
    }

    /** Closes the backend connection unless the exchange with the backend is complete. */
    private void resetBackend() {
        if (leg != null) {
            leg.reset(download != null && download.sourceEnded());
        }
    }

    private void end(CallOutcome ended) {
        // before the volatile phase, which publishes it to the thread that may call admitted()
        outcome = ended;
        phase = Phase.OVER;
        cancelTimer();
        if (isUploading()) {
            // a request the backend will never see the end of: its connection must not go back to the pool
            resetBackend();
        }
        if (leg != null) {
            leg.over(ended);
        }
        trace.ended(overAfterSlow != null && ended == CallOutcome.SUCCESS ? ReportedOutcome.SLOW
                : ReportedOutcome.of(ended), null);
        if (overAfterSlow != null) {
            overAfterSlow.complete(null);
        }
        if (copy != null && ended != CallOutcome.SUCCESS) {
            copy.discard();
        }
    }

    /**
     * The backend failed the call before the answer's head: the breaker counts it, and the gate's verdict answers the
     * client; if the breaker counted the call already, as slow, the client is answered here.
     */
    private void backendFailed(Throwable cause) {
        if (leg != null) {
            leg.span().failed(cause);
        }
        if (breaker != null) {
            failBreaker(cause);
        } else if (overAfterSlow != null && phase == Phase.SENDING) {
            end(CallOutcome.FAILURE);
            resetBackend();
            answerInstead(FailureReason.of(cause), cause);
        }
    }

    /** Whether the call is still the breaker's to count, or was counted as slow and goes on. */
    private boolean counting() {
        return breaker != null || overAfterSlow != null;
    }

    /** Whether the answer's head is later than the slow-call threshold; never while the client still sends its body. */
    private boolean isSlow(long now) {
        return slowNanos > 0 && breaker != null && !isUploading() && now - slowAtNanos() >= 0;
    }

    /** Has the breaker count the call as a failure now, and lets it go on. */
    private void countSlow() {
        if (leg != null) {
            leg.endpoint().failed();
            leg.span().slow();
        }
        overAfterSlow = new CompletableFuture<>();
        failBreaker(new SlowCall(Duration.ofNanos(slowNanos)));
    }

    private long slowAtNanos() {
        return sendingNanos + slowNanos + uploadNanos;
    }

    private void failBreaker(Throwable cause) {
        Promise<CallOutcome> counted = breaker;
        breaker = null;
        if (counted != null) {
            counted.fail(cause);
        }
    }

    private void completeBreaker(CallOutcome ended) {
        Promise<CallOutcome> counted = breaker;
        breaker = null;
        if (counted != null) {
            counted.complete(ended);
        }
    }

    private boolean isUploading() {
        return leg != null && leg.uploading();
    }

    private long deadlineNanos() {
        return acceptedNanos + timeoutNanos + (isUploading() ? 0 : uploadNanos);
    }

    private long lastActivityNanos() {
        long last = download.lastActivityNanos();
        BodyRelay upload = leg.upload();
        return upload == null ? last : Math.max(last, upload.lastActivityNanos());
    }

    /**
     * Sets the timer for the next moment something may be due, unless it is already set for earlier: then it fires,
     * finds nothing due yet, and sets itself again.
     */
    private void schedule() {
        long at = switch (phase) {
            case QUEUED -> deadlineNanos();
            case SENDING -> isUploading() ? leg.upload().lastActivityNanos() + idleNanos
                    : slowNanos > 0 && breaker != null ? earlier(deadlineNanos(), slowAtNanos()) : deadlineNanos();
            case RELAYING -> lastActivityNanos() + idleNanos;
            case OVER -> Long.MAX_VALUE;
        };
        if (at == Long.MAX_VALUE || (timer != NO_TIMER && timerAtNanos - at <= 0)) {
            return;
        }
        cancelTimer();
        timerAtNanos = at;
        long delayMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(at - System.nanoTime() + 999_999));
        timer = tools.vertx().setTimer(delayMillis, ignored -> timeIsUp());
    }

    private static long earlier(long oneNanos, long otherNanos) {
        return oneNanos - otherNanos <= 0 ? oneNanos : otherNanos;
    }

    private void cancelTimer() {
        if (timer != NO_TIMER) {
            tools.vertx().cancelTimer(timer);
            timer = NO_TIMER;
        }
    }

    private void onEventLoop(Runnable action) {
        if (Thread.currentThread() == eventLoop) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
