package io.breakwater.breaker;

import java.util.List;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.quarkus.arc.All;

/**
 * Where the proxy reports how each backend call ended; hands it to every {@link CallListener}.
 */
@Singleton
public class CallRecorder {

    private final List<CallListener> listeners;

    CallRecorder(@All List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /**
     * @param startedNanos {@link System#nanoTime()} when the call was sent
     */
    public void record(Backend backend, CallOutcome outcome, long startedNanos) {
        long nanos = System.nanoTime() - startedNanos;
        for (CallListener listener : listeners) {
            listener.onCall(backend, outcome, nanos);
        }
    }
}
