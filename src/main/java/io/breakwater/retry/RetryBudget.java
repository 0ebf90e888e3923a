package io.breakwater.retry;

import java.util.concurrent.TimeUnit;

/**
 * How many retries a backend may send, as Linkerd's and Envoy's retry budgets: the retries of the last 10 seconds
 * stay within {@code retry-budget} of that time's calls, plus 3 a second, so that a failing service never gets its
 * load multiplied. Counted in one-second buckets; thread-safe.
 */
public final class RetryBudget {

    private static final int SECONDS = 10;
    private static final int MIN_PER_SECOND = 3;

    private final double ratio;
    private final long[] calls = new long[SECONDS];
    /** Retries within the share of the calls. */
    private final long[] shared = new long[SECONDS];
    /** Retries beyond it, at most {@value #MIN_PER_SECOND} a second. */
    private final long[] extra = new long[SECONDS];
    private long currentSecond;

    public RetryBudget(double ratio) {
        this.ratio = ratio;
    }

    /** Counts a call, its first attempt. */
    public synchronized void called() {
        calls[bucket()]++;
    }

    /**
     * @return whether one more retry fits the budget, in which case it is counted
     */
    public synchronized boolean tryRetry() {
        int now = bucket();
        long callsInWindow = 0;
        long sharedInWindow = 0;
        for (int i = 0; i < SECONDS; i++) {
            callsInWindow += calls[i];
            sharedInWindow += shared[i];
        }
        if (sharedInWindow < ratio * callsInWindow) {
            shared[now]++;
            return true;
        }
        if (extra[now] < MIN_PER_SECOND) {
            extra[now]++;
            return true;
        }
        return false;
    }

    /** The bucket of this second, emptied of what it held ten seconds ago and of the seconds skipped since. */
    private int bucket() {
        long second = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime());
        long skipped = Math.min(SECONDS, second - currentSecond);
        for (long s = 1; s <= skipped; s++) {
            int index = (int) ((currentSecond + s) % SECONDS);
            calls[index] = 0;
            shared[index] = 0;
            extra[index] = 0;
        }
        currentSecond = Math.max(currentSecond, second);
        return (int) (currentSecond % SECONDS);
    }
}
