package io.breakwater.tracing;

import io.breakwater.backend.BackendRequest;
import io.breakwater.backend.CallOutcome;
import io.breakwater.breaker.FailureReason;
import io.breakwater.endpoint.Endpoint;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;

/**
 * The client span of one attempt of a call to one endpoint, with the HTTP client attributes of OpenTelemetry's
 * semantic conventions and the call's {@code breakwater.*} ones; ended once, when the attempt is over. The gateway's
 * backend clients do not trace their requests themselves ({@code TracingPolicy.IGNORE}): a span they made could not
 * say what the breaker did with the attempt.
 */
public class AttemptSpan {

    /** Stands for every attempt of a trace not sampled: records nothing, and is shared by all such calls. */
    static final AttemptSpan NOT_RECORDED = new AttemptSpan(null);

    private final Span span;
    private int status;
    private Throwable failure;
    private boolean slow;

    private AttemptSpan(Span span) {
        this.span = span;
    }

    static AttemptSpan started(Span span, Endpoint to, BackendRequest request, String url, int retries) {
        span.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, request.method().name());
        span.setAttribute(UrlAttributes.URL_FULL, url);
        span.setAttribute(ServerAttributes.SERVER_ADDRESS, to.host());
        span.setAttribute(ServerAttributes.SERVER_PORT, (long) to.port());
        span.setAttribute(NetworkAttributes.NETWORK_PEER_ADDRESS, to.host());
        span.setAttribute(CallTrace.ENDPOINT, to.label());
        if (retries > 0) {
            span.setAttribute(HttpAttributes.HTTP_REQUEST_RESEND_COUNT, (long) retries);
            span.setAttribute(CallTrace.RETRIES, (long) retries);
        }
        return new AttemptSpan(span);
    }

    /** The answer's head came, with this status. */
    public void answered(int status) {
        if (span != null) {
            this.status = status;
        }
    }

    /** The attempt failed: no answer, a broken one, or one too late. */
    public void failed(Throwable cause) {
        if (span != null && failure == null) {
            failure = cause;
        }
    }

    /** The breaker counted the attempt as slow, and it went on. */
    public void slow() {
        if (span != null) {
            slow = true;
        }
    }

    /**
     * @param call how the whole call ended, or {@code null} if it goes on to another attempt
     */
    public void end(CallOutcome call) {
        if (span == null) {
            return;
        }
        ReportedOutcome outcome = outcome(call);
        span.setAttribute(CallTrace.OUTCOME, outcome.label());
        if (status > 0) {
            span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        }
        if (status >= 500) {
            span.setAttribute(ErrorAttributes.ERROR_TYPE, String.valueOf(status));
            span.setStatus(StatusCode.ERROR);
        } else if (failure != null) {
            span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        }
        span.end();
    }

    private ReportedOutcome outcome(CallOutcome call) {
        if (status >= 500) {
            return ReportedOutcome.FAILURE;
        }
        if (failure != null) {
            return ReportedOutcome.of(FailureReason.of(failure), failure);
        }
        if (slow && status > 0) {
            return ReportedOutcome.SLOW;
        }
        if (call == null) {
            return ReportedOutcome.FAILURE;
        }
        if (call == CallOutcome.ABANDONED || status == 0) {
            return ReportedOutcome.of(call);
        }
        return ReportedOutcome.SUCCESS;
    }
}
