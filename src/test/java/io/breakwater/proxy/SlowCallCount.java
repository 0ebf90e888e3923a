package io.breakwater.proxy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.CallOutcome;
import io.breakwater.breaker.CallListener;

/**
 * A listener to every call that, once armed, takes its time over one call's count: it widens the moment between a
 * backend's answer arriving whole and the breaker counting it, in which a client must not have the whole answer yet.
 * Inert unless armed.
 */
@Singleton
public class SlowCallCount implements CallListener {

    private static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private static volatile String armedFor;
    private static volatile CallOutcome counted;

    /** The next call to this breaker is counted slowly. */
    static void arm(String breakerName) {
        counted = null;
        armedFor = breakerName;
    }

    static void disarm() {
        armedFor = null;
    }

    /** How the armed call was counted, or {@code null} while it is not. */
    static CallOutcome counted() {
        return counted;
    }

    @Override
    public void onCall(Backend backend, CallOutcome outcome, boolean aroundBreaker, long nanos) {
        if (backend.breakerName().equals(armedFor)) {
            armedFor = null;
            LockSupport.parkNanos(DELAY_NANOS);
            counted = outcome;
        }
    }
}
