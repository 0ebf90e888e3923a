package io.breakwater.backend;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestHeader;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Uni;

/**
 * The HTTP verbs every backend's REST client speaks. A backend's client is an empty interface extending this one,
 * registered with {@code @RegisterRestClient(configKey = "<prefix>")} so that it gets its own connection pool and
 * {@code quarkus.rest-client.<prefix>.*} settings.
 * <p>
 * The target is passed whole with {@link Url} so that the path and query string reach the backend byte for byte,
 * as the client sent them.
 */
@Path("")
public interface BackendClient {

    @GET
    Uni<Response> get(@Url String target, @RestHeader MultivaluedMap<String, String> headers);

    @HEAD
    Uni<Response> head(@Url String target, @RestHeader MultivaluedMap<String, String> headers);

    @OPTIONS
    Uni<Response> options(@Url String target, @RestHeader MultivaluedMap<String, String> headers);

    @DELETE
    Uni<Response> delete(@Url String target, @RestHeader MultivaluedMap<String, String> headers, byte[] body);

    @POST
    Uni<Response> post(@Url String target, @RestHeader MultivaluedMap<String, String> headers, byte[] body);

    @PUT
    Uni<Response> put(@Url String target, @RestHeader MultivaluedMap<String, String> headers, byte[] body);

    @PATCH
    Uni<Response> patch(@Url String target, @RestHeader MultivaluedMap<String, String> headers, byte[] body);

    /**
     * Sends the request with the verb it names and reads the answer; a 5xx answer fails with
     * {@link BackendServerError}.
     */
    default Uni<BackendResponse> exchange(BackendRequest request) {
        String target = request.target();
        MultivaluedMap<String, String> headers = request.headers();
        Uni<Response> response = switch (request.method()) {
            case "GET" -> get(target, headers);
            case "HEAD" -> head(target, headers);
            case "OPTIONS" -> options(target, headers);
            case "DELETE" -> delete(target, headers, request.body());
            case "POST" -> post(target, headers, request.body());
            case "PUT" -> put(target, headers, request.body());
            case "PATCH" -> patch(target, headers, request.body());
            default -> Uni.createFrom().failure(new IllegalArgumentException("unsupported method " + request.method()));
        };
        return response.map(BackendResponse::of).invoke(answer -> {
            if (answer.isServerError()) {
                throw new BackendServerError(answer);
            }
        });
    }
}
