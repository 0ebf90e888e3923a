package io.breakwater.breaker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendCall;
import io.breakwater.backend.Backends;
import io.breakwater.backend.CallOutcome;
import io.breakwater.backend.SlowCall;
import io.quarkus.arc.All;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Future;

/**
 * The way into a backend: through the backend's bulkhead, then its circuit breaker, unless a {@link BreakerHold}
 * refuses the call first or an operator's force-close lets it around the breaker. Every call's end is classified
 * here, once, as a {@link CallVerdict}, and recorded ({@link CallRecorder}).
 * <p>
 * The bulkhead (at most {@code max-concurrent} calls in flight, {@code max-waiting} more queued, the rest refused
 * with a {@code BulkheadException}) stands outside the breaker, so that shedding load neither opens nor closes it.
 * A call that is over by the time the bulkhead lets it through (it waited past its deadline and was answered 504,
 * or its client left) is dropped there, also outside the breaker. A call the breaker counted as slow while it went
 * on ({@link SlowCall}) keeps its place in the bulkhead until it ends.
 * <p>
 * A call that goes into a breaker that is not closed may be its trial call: the {@link TrialListener}s are told.
 */
@Singleton
public class BreakerGate {

    private static final TypeLiteral<Future<CallOutcome>> CALL = new TypeLiteral<>() {
    };

    private final BreakerHolds holds;
    private final BreakerOverrides overrides;
    private final CallRecorder recorder;
    private final BreakerMonitor monitor;
    private final List<TrialListener> trialListeners;
    private final Map<String, TypedGuard<Future<CallOutcome>>> bulkheads = new HashMap<>();

    BreakerGate(Backends backends, BreakerHolds holds, BreakerOverrides overrides, CallRecorder recorder,
            BreakerMonitor monitor, @All List<TrialListener> trialListeners) {
        this.holds = holds;
        this.overrides = overrides;
        this.recorder = recorder;
        this.monitor = monitor;
        this.trialListeners = List.copyOf(trialListeners);
        for (Backend backend : backends.all()) {
            bulkheads.put(backend.breakerName(), TypedGuard.create(CALL)
                    .withDescription(backend.breakerName() + " bulkhead")
                    .withBulkhead().limit(backend.config().maxConcurrent()).queueSize(backend.config().maxWaiting())
                    .done()
                    .withThreadOffload(false)
                    .build());
        }
    }

    /**
     * @return how the call ended; never fails
     */
    public Future<CallVerdict> call(Backend backend, BackendCall call) {
        long startedNanos = System.nanoTime();
        String name = backend.breakerName();
        boolean[] aroundBreaker = new boolean[1];
        return bulkheads.get(name).get(() -> {
            CallOutcome ended = call.admitted();
            if (ended != null) {
                return Future.succeededFuture(ended);
            }
            Future<CallOutcome> sent;
            if (overrides.active(name).filter(override -> override.action() == OverrideAction.FORCE_CLOSE)
                    .isPresent()) {
                aroundBreaker[0] = true;
                sent = call.send(backend.client());
            } else {
                sent = holds.active(name)
                        .map(hold -> Future.<CallOutcome> failedFuture(new BreakerHeldOpenException(hold)))
                        .orElseGet(() -> throughBreaker(backend, call));
            }
            // the breaker counted a slow call as soon as it was slow; its place in the bulkhead is kept until it ends
            return sent.recover(failure -> FailureReason.unwrap(failure) instanceof SlowCall
                    ? call.whenOver().transform(ignored -> Future.failedFuture(failure))
                    : Future.failedFuture(failure));
        })
                .transform(ended -> {
                    CallVerdict verdict = ended.succeeded() ? CallVerdict.of(ended.result())
                            : CallVerdict.of(ended.cause());
                    recorder.record(backend, verdict.outcome(), aroundBreaker[0], startedNanos);
                    return Future.succeededFuture(verdict);
                });
    }

    private Future<CallOutcome> throughBreaker(Backend backend, BackendCall call) {
        if (monitor.status(backend.breakerName()).state() != BreakerState.CLOSED) {
            for (TrialListener listener : trialListeners) {
                listener.onTrialCall(backend);
            }
        }
        return backend.call(call);
    }
}
