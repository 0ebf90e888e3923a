package io.breakwater.proxy;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.BackendRequest;
import io.breakwater.breaker.FailureReason;
import io.breakwater.breaker.RetryAfter;
import io.breakwater.fallback.StaleCache;
import io.breakwater.http.GatewayError;
import io.breakwater.tracing.CallTrace;
import io.breakwater.tracing.ReportedOutcome;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * What the client gets when its backend gave no answer: the last good answer to the same GET, marked stale, if one
 * is kept; otherwise the gateway's 503, 504 or 502.
 */
@Singleton
class FailureResponses {

    private static final Logger LOG = Logger.getLogger(FailureResponses.class);

    private final RetryAfter retryAfter;
    private final StaleCache staleCache;
    private final Vertx vertx;

    FailureResponses(RetryAfter retryAfter, StaleCache staleCache, Vertx vertx) {
        this.retryAfter = retryAfter;
        this.staleCache = staleCache;
        this.vertx = vertx;
    }

    /**
     * @param cause what failed, for the log; {@code null} when the caller said it already
     * @param trace told how the call ended, before the answer ends its span
     */
    void answer(HttpServerResponse response, Backend backend, BackendRequest request, FailureReason reason,
            Throwable cause, CallTrace trace) {
        log(backend, reason, cause);
        Optional<StaleCache.Stale> stale = staleCache.find(backend, request);
        trace.ended(stale.isPresent() ? ReportedOutcome.STALE : ReportedOutcome.of(reason, cause), reason);
        if (stale.isPresent()) {
            ClientResponses.sendStale(vertx, response, stale.get(), reason.label(), backend.config().bodyIdleTimeout());
            return;
        }
        String service = backend.breakerName();
        switch (reason) {
            case BREAKER_OPEN -> GatewayError.serviceUnavailable(service, retryAfter.forRefusal(backend))
                    .send(response);
            case OVERLOADED -> GatewayError.overloaded(service).send(response);
            case TIMEOUT -> GatewayError.gatewayTimeout(service).send(response);
            case SERVER_ERROR, UNREACHABLE -> GatewayError.badGateway(service).send(response);
        }
    }


    private static void log(Backend backend, FailureReason reason, Throwable cause) {
        switch (reason) {
            case TIMEOUT -> LOG.warnf("%s gave no answer within %d s", backend.breakerName(),
                    backend.config().timeout());
            case UNREACHABLE -> {
                if (cause != null) {
                    LOG.warnf("%s unreachable: %s", backend.breakerName(), cause.toString());
                }
            }
            default -> LOG.debugf("%s: %s", backend.breakerName(), reason.label());
        }
    }
}
