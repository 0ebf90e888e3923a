package io.breakwater.backend;

import java.time.Duration;

/**
 * A call went past its backend's {@code slow-call-threshold} before the answer's head arrived. Raised so that the
 * circuit breaker counts the call as a failure as soon as it is slow; the call itself goes on, and its answer still
 * reaches the client.
 */
public class SlowCall extends RuntimeException {

    public SlowCall(Duration threshold) {
        super("no answer within the slow-call threshold of " + threshold.toMillis() + " ms", null, false, false);
    }
}
