package io.breakwater.breaker;

import io.breakwater.backend.Backend;

/**
 * Told about every call through a breaker. Implementations are beans, found by {@link CallRecorder}; they run on
 * the request path, so they must only count, never wait.
 */
public interface CallListener {

    /**
     * @param nanos time from sending the call to its end; close to zero for a rejected call
     */
    void onCall(Backend backend, CallOutcome outcome, long nanos);
}
