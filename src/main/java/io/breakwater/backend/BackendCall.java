package io.breakwater.backend;

import io.smallrye.mutiny.Uni;

/**
 * One call on its way to a backend, as its breaker sees it. The proxy implements it: it sends the request with the
 * backend's {@link BackendClient}, streams both bodies and answers the client.
 */
public interface BackendCall {

    /**
     * Sends the call and relays its answer. The {@code Uni} ends when the call is over for the backend: it fails,
     * so that the breaker counts a failure, if the backend answered 5xx (as soon as the head is in), could not be
     * reached, did not answer in time or broke off its answer; it completes otherwise, also when the client went
     * away, which is no fault of the backend's.
     */
    Uni<Void> send(BackendClient client);

    /**
     * Whether the call is over before it was sent: it waited past its deadline, or its client went away, while it
     * was queued. Such a call must not be sent.
     */
    boolean isOver();
}
