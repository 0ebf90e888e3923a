package io.breakwater.proxy;

import java.time.Clock;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.BackendServerError;
import io.breakwater.breaker.BreakerHeldOpenException;
import io.breakwater.breaker.BreakerMonitor;
import io.breakwater.breaker.RetryAfter;
import io.breakwater.breaker.CallOutcome;
import io.breakwater.breaker.CallRecorder;
import io.breakwater.fallback.StaleCache;
import io.vertx.core.http.HttpServerResponse;

/**
 * What the client gets when its backend gave no usable answer: the last good answer to the same GET, marked
 * stale, if one is kept; otherwise the backend's own 5xx, or the gateway's 503, 504 or 502.
 */
@Singleton
class FailureResponses {

    private static final Logger LOG = Logger.getLogger(FailureResponses.class);

    private final BreakerMonitor breakers;
    private final StaleCache staleCache;
    private final CallRecorder calls;
    private final Clock clock;

    FailureResponses(BreakerMonitor breakers, StaleCache staleCache, CallRecorder calls, Clock clock) {
        this.breakers = breakers;
        this.staleCache = staleCache;
        this.calls = calls;
        this.clock = clock;
    }

    /**
     * @param startedNanos {@link System#nanoTime()} when the call was sent
     */
    void answer(HttpServerResponse response, Backend backend, BackendRequest request, Throwable failure,
            long startedNanos) {
        Throwable cause = FailureReason.unwrap(failure);
        FailureReason reason = FailureReason.of(cause);
        calls.record(backend, reason.isRefusal() ? CallOutcome.REJECTED : CallOutcome.FAILURE, startedNanos);
        log(backend, reason, cause);
        Optional<StaleCache.Stale> stale = staleCache.find(request);
        if (stale.isPresent()) {
            ClientResponses.sendStale(response, stale.get().answer(), stale.get().age().toSeconds(), reason.label());
            return;
        }
        String service = backend.breakerName();
        switch (reason) {
            case BREAKER_OPEN -> GatewayError.serviceUnavailable(service, retryAfterSeconds(backend, cause))
                    .send(response);
            case OVERLOADED -> GatewayError.overloaded(service).send(response);
            case TIMEOUT -> GatewayError.gatewayTimeout(service).send(response);
            case SERVER_ERROR -> ClientResponses.send(response, request.method(),
                    ((BackendServerError) cause).response());
            case UNREACHABLE -> GatewayError.badGateway(service).send(response);
        }
    }

    private long retryAfterSeconds(Backend backend, Throwable cause) {
        return cause instanceof BreakerHeldOpenException held
                ? RetryAfter.seconds(clock.instant(), held.hold().until())
                : breakers.retryAfterSeconds(backend);
    }

    private static void log(Backend backend, FailureReason reason, Throwable cause) {
        switch (reason) {
            case TIMEOUT -> LOG.warnf("%s timed out after %d s", backend.breakerName(), backend.config().timeout());
            case UNREACHABLE -> LOG.warnf("%s unreachable: %s", backend.breakerName(), cause.toString());
            default -> LOG.debugf("%s: %s", backend.breakerName(), reason.label());
        }
    }
}
