package io.breakwater.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerResponse;

/**
 * An answer the gateway gives of its own: a status and a small JSON body that never carries a stack trace or
 * an internal address.
 *
 * @param status HTTP status
 * @param error short human-readable summary, e.g. {@code Bad gateway}
 * @param service breaker name of the backend concerned, or {@code null}
 * @param detail what exactly was wrong with the request, or {@code null}
 * @param retryAfter seconds until the backend may be tried again (also sent as {@code Retry-After}), or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "error", "retry_after", "service", "detail" })
@RegisterForReflection // written by Jackson, also in the native executable
public record GatewayError(@JsonIgnore int status, String error, String service, String detail,
        @JsonProperty("retry_after") Long retryAfter) {

    /** Its own, plain mapper: the names are set above, and the answer must not depend on the endpoints' settings. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public static GatewayError serviceUnavailable(String service, long retryAfter) {
        return new GatewayError(503, "Service temporarily unavailable", service, null, retryAfter);
    }

    public static GatewayError overloaded(String service) {
        return new GatewayError(503, "Too many concurrent requests", service, null, 1L);
    }

    /** The gateway itself is short of memory and sheds load. */
    public static GatewayError shedding() {
        return new GatewayError(503, "Gateway overloaded", null,
                "the gateway is short of memory and refuses new requests for now", 1L);
    }

    public static GatewayError badGateway(String service) {
        return new GatewayError(502, "Bad gateway", service, null, null);
    }

    public static GatewayError gatewayTimeout(String service) {
        return new GatewayError(504, "Gateway timeout", service, null, null);
    }

    public static GatewayError unknownBackend(String route) {
        return new GatewayError(404, "Unknown backend", null, "no backend is routed at /api/" + route, null);
    }

    public static GatewayError badRequest(String detail) {
        return new GatewayError(400, "Bad request", null, detail, null);
    }

    public static GatewayError notFound(String detail) {
        return new GatewayError(404, "Not found", null, detail, null);
    }

    public static GatewayError unauthorized() {
        return new GatewayError(401, "Unauthorized", null, "send Authorization: Bearer <admin token>", null);
    }

    public static GatewayError forbidden() {
        return new GatewayError(403, "Forbidden", null, "the admin token is wrong", null);
    }

    public static GatewayError requestTimeout(long idleSeconds) {
        return new GatewayError(408, "Request timeout", null,
                "the request body stopped arriving for " + idleSeconds + " s", null);
    }

    public static GatewayError notImplemented(String detail) {
        return new GatewayError(501, "Not implemented", null, detail, null);
    }

    public static GatewayError versionNotSupported() {
        return new GatewayError(505, "HTTP version not supported", null,
                "requests must be HTTP/1.0, HTTP/1.1 or HTTP/2", null);
    }

    public static GatewayError payloadTooLarge(long limitBytes) {
        return new GatewayError(413, "Payload too large", null,
                "the request body may be at most " + limitBytes + " bytes", null);
    }

    /**
     * @return the body: {@code {"error": ..., "retry_after": ..., "service": ..., "detail": ...}}, without the
     *         fields that are {@code null}
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + this + " as JSON", e);
        }
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(toJson());
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.build();
    }

    /**
     * Answers on the Vert.x level, for requests refused before they reach a resource.
     */
    public void send(HttpServerResponse response) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        }
        response.end(toJson());
    }
}
