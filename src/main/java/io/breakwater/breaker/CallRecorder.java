package io.breakwater.breaker;

import java.util.List;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.CallOutcome;
import io.quarkus.arc.All;

/**
 * Where {@link BreakerGate} records how each backend call ended, once per call; hands it to every
 * {@link CallListener}.
 */
@Singleton
public class CallRecorder {

    private final List<CallListener> listeners;

    CallRecorder(@All List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @param aroundBreaker whether an operator's force-close let the call around the breaker, which did not count it
     * @param startedNanos {@link System#nanoTime()} when the call was accepted
     */
    void record(Backend backend, CallOutcome outcome, boolean aroundBreaker, long startedNanos) {
        long nanos = System.nanoTime() - startedNanos;
        for (CallListener listener : listeners) {
            listener.onCall(backend, outcome, aroundBreaker, nanos);
        }
    }
}
