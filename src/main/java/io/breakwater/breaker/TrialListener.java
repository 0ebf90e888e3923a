package io.breakwater.breaker;

import io.breakwater.backend.Backend;

/**
 * Told when a call goes into a breaker that is not closed: a trial call, or one the breaker refuses because its trial
 * call is already out. Implementations are beans, found by {@link BreakerGate}; they run on the request path, so they
 * must never wait.
 */
public interface TrialListener {

    void onTrialCall(Backend backend);
}
