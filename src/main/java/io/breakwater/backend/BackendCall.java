package io.breakwater.backend;

import io.vertx.core.Future;

/**
 * One call on its way to a backend, as its breaker sees it. The proxy implements it: it sends the request with the
 * backend's {@link BackendClient}, streams both bodies and answers the client.
 */
public interface BackendCall {

    /**
     * Sends the call and relays its answer. The future completes when the call is over for the backend. It fails, so
     * that the breaker counts a failure, if the backend answered 5xx (as soon as the head is in), could not be
     * reached, did not answer in time or broke off its answer. Otherwise it completes with how the call ended:
     * {@link CallOutcome#SUCCESS}, or {@link CallOutcome#ABANDONED} when the client went away, or
     * {@link CallOutcome#REJECTED} when the call's time ran out while it waited for a place; neither is the
     * backend's fault.
     * <p>
     * A call still waiting for the answer's head past the backend's {@code slow-call-threshold} fails with
     * {@link SlowCall} at that moment, so that the breaker counts it at once, but goes on: {@link #whenOver} tells
     * when it ends.
     */
    Future<CallOutcome> send(BackendClient client);

    /**
     * @return what completes when the call is over for the backend, its connection released: for a {@link SlowCall},
     *         later than {@link #send}'s future
     */
    Future<Void> whenOver();

    /**
     * The bulkhead let the call through: its wait for a place is over. It may have ended while it waited: past its
     * deadline ({@link CallOutcome#REJECTED}) or with its client gone ({@link CallOutcome#ABANDONED}); such a call
     * must not be sent.
     *
     * @return how the call ended while it waited, or {@code null} if it may be sent
     */
    CallOutcome admitted();
}
