package io.breakwater.dev;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * Stand-in backends for {@code quarkus:dev}, so that the gateway has something to proxy before any real backend
 * exists: {@code /demo/control/...} and {@code /demo/data/...} answer JSON, and
 * {@code PUT /demo/<name>/mode} with {@code up}, {@code down} (answers 500) or {@code slow} (answers after 15 s)
 * changes how one behaves. Built into the dev profile only.
 */
@IfBuildProfile("dev")
@Path("/demo/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class DemoBackendResource {

    enum Mode {
        UP,
        DOWN,
        SLOW
    }

    private static final Duration SLOW_ANSWER = Duration.ofSeconds(15);

    private final Map<String, Mode> modes = new ConcurrentHashMap<>();

    @PUT
    @Path("mode")
    public Response setMode(@RestPath String name, String mode) {
        Mode next;
        try {
            next = Mode.valueOf(mode.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(new JsonObject().put("error", "mode must be up, down or slow").encode())
                    .build();
        }
        modes.put(name, next);
        return Response.ok(new JsonObject().put("backend", name).put("mode", next.name().toLowerCase()).encode())
                .build();
    }

    @GET
    @Path("{path:.*}")
    public Uni<Response> serve(@RestPath String name, @RestPath String path) {
        JsonObject body = new JsonObject().put("backend", name).put("path", "/" + path)
                .put("served_at", Instant.now().toString());
        return switch (modes.getOrDefault(name, Mode.UP)) {
            case UP -> Uni.createFrom().item(Response.ok(body.encode()).build());
            case DOWN -> Uni.createFrom().item(Response.serverError()
                    .entity(new JsonObject().put("error", "demo backend " + name + " is down").encode()).build());
            case SLOW -> Uni.createFrom().item(Response.ok(body.encode()).build()).onItem().delayIt().by(SLOW_ANSWER);
        };
    }
}
