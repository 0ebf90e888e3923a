package io.breakwater.dashboard;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestStreamElementType;

import io.smallrye.mutiny.Multi;

/**
 * The data behind the page at {@code /dashboard/}: {@code GET /dashboard/snapshot} once, or
 * {@code GET /dashboard/stream} as server-sent events. The page itself is static
 * ({@code META-INF/resources/dashboard}).
 */
@Path("/dashboard")
public class DashboardResource {

    private final DashboardSnapshots snapshots;
    private final DashboardStream stream;

    DashboardResource(DashboardSnapshots snapshots, DashboardStream stream) {
        this.snapshots = snapshots;
        this.stream = stream;
    }

    @GET
    @Path("snapshot")
    @Produces(MediaType.APPLICATION_JSON)
    public DashboardSnapshot snapshot() {
        return snapshots.take();
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<DashboardSnapshot> stream() {
        return stream.open();
    }
}
