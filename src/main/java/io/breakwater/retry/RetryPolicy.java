package io.breakwater.retry;

import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.http.HttpMethod;

/**
 * Which failed calls of one backend are tried again on another endpoint: those with an idempotent method and a body
 * small enough to hold, up to {@code retries} times each, within the backend's {@link RetryBudget}. Whether the
 * failure allows it (before any byte of the answer reached the client, refused, reset or 502, 503, 504) and whether
 * time is left is the call's to say.
 */
public final class RetryPolicy {

    /** Largest request body held to be sent again. */
    public static final long MAX_REPLAYED_BODY_BYTES = 64 * 1024;

    private final int retries;
    private final RetryBudget budget;
    private final LongAdder retried = new LongAdder();
    private final LongAdder overBudget = new LongAdder();

    public RetryPolicy(RetryConfig config) {
        this.retries = config.retries();
        this.budget = new RetryBudget(config.retryBudget());
    }

    /**
     * @param bodyLength the request body's declared length; negative for none or one of unknown length
     * @param hasBody whether the request has a body
     * @return whether a call like this may be tried again, should it fail
     */
    public boolean mayRetry(HttpMethod method, boolean hasBody, long bodyLength) {
        return retries > 0 && idempotent(method)
                && (!hasBody || bodyLength >= 0 && bodyLength <= MAX_REPLAYED_BODY_BYTES);
    }

    private static boolean idempotent(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.PUT || method == HttpMethod.DELETE;
    }

    /** Counts a call toward the budget. */
    public void called() {
        if (retries > 0) {
            budget.called();
        }
    }

    /**
     * @param retriesSoFar the retries the call has had
     * @return whether it may have one more, which is then counted
     */
    public boolean retry(int retriesSoFar) {
        if (retriesSoFar >= retries) {
            return false;
        }
        if (!budget.tryRetry()) {
            overBudget.increment();
            return false;
        }
        retried.increment();
        return true;
    }

    /** Retries sent since start-up. */
    public long retried() {
        return retried.sum();
    }

    /** Retries not sent because the budget was spent, since start-up. */
    public long overBudget() {
        return overBudget.sum();
    }
}
