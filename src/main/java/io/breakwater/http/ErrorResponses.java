package io.breakwater.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;

import io.vertx.core.http.HttpServerRequest;

/**
 * Gives the errors Quarkus REST raises by itself (no such path, method not allowed, unreadable body...) the same
 * JSON shape as the gateway's own answers, keeping their status, with an {@code Allow} header on a 405 under
 * {@code /api}. Anything unexpected is
 * logged with its stack trace and answered with a plain 500 that reveals nothing.
 */
class ErrorResponses {

    private static final Logger LOG = Logger.getLogger(ErrorResponses.class);

    /** What {@code /api/...} answers to; the 405 of any other method says so. */
    private static final String PROXIED_METHODS = "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE";

    @ServerExceptionMapper
    Response webApplication(WebApplicationException exception, HttpServerRequest request) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String error = type == null ? "HTTP " + status : type.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "nothing is served at this path; backends are under /api/<backend>/";
            case 405 -> "this method is not allowed here";
            case 406 -> "no representation matches the Accept header";
            case 415 -> "this content type is not accepted here";
            default -> null;
        };
        Response.ResponseBuilder response = Response.fromResponse(
                new GatewayError(status, error, null, detail, null).toResponse());
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow == null && status == 405 && request.path().startsWith("/api/")) {
            allow = PROXIED_METHODS;
        }
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper
    Response unreadableBody(JacksonException exception) {
        return GatewayError.badRequest("the body is not valid JSON").toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    Response unexpected(RuntimeException exception) {
        LOG.error("Unexpected failure", exception);
        return new GatewayError(500, "Internal error", null, null, null).toResponse();
    }
}
