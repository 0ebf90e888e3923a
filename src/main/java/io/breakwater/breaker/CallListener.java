package io.breakwater.breaker;

import io.breakwater.backend.Backend;
import io.breakwater.backend.CallOutcome;

/**
 * Told about every call through a breaker. Implementations are beans, found by {@link CallRecorder}; they run on
 * the request path, so they must only count, never wait.
 */
public interface CallListener {

    /**
     * @param aroundBreaker whether an operator's force-close let the call around the breaker, which did not count it
     * @param nanos time from accepting the call to its end
     */
    void onCall(Backend backend, CallOutcome outcome, boolean aroundBreaker, long nanos);
}
