package io.breakwater.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;

import io.breakwater.AdminConfig;
import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.BreakerOverrides;
import io.breakwater.breaker.BreakerReport;
import io.breakwater.breaker.BreakerReports;
import io.breakwater.breaker.BreakerReports.CircuitBreakers;
import io.breakwater.breaker.OverrideAction;
import io.breakwater.http.GatewayError;

/**
 * {@code /admin/breakers}: what operators can do to a breaker. Behind {@link AdminTokenFilter}; every action is
 * audited in the log and announced to Redis, and shows in {@code /health/circuit-breakers} and the metrics. Answers
 * with the breakers as {@link BreakerReports} describes them (without the other replicas, which are
 * {@code /health/circuit-breakers}' own).
 */
@Path("/admin/breakers")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final Backends backends;
    private final BreakerOverrides overrides;
    private final BreakerReports reports;
    private final AdminConfig config;
    private final Clock clock;

    AdminResource(Backends backends, BreakerOverrides overrides, BreakerReports reports, AdminConfig config,
            Clock clock) {
        this.backends = backends;
        this.overrides = overrides;
        this.reports = reports;
        this.config = config;
        this.clock = clock;
    }

    @GET
    public CircuitBreakers<BreakerReport> list() {
        return reports.all(clock.instant());
    }

    @POST
    @Path("{name}/reset")
    @Consumes(MediaType.WILDCARD)
    public Response reset(@RestPath String name, @Valid ActionRequest request) {
        return act(name, OverrideAction.RESET, null, request == null ? null : request.by(),
                request == null ? null : request.reason());
    }

    @POST
    @Path("{name}/force-open")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response forceOpen(@RestPath String name, @Valid @NotNull(message = "a JSON body is required")
    OverrideRequest request) {
        return override(name, OverrideAction.FORCE_OPEN, request);
    }

    @POST
    @Path("{name}/force-close")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response forceClose(@RestPath String name, @Valid @NotNull(message = "a JSON body is required")
    OverrideRequest request) {
        return override(name, OverrideAction.FORCE_CLOSE, request);
    }

    @DELETE
    @Path("{name}/override")
    @Consumes(MediaType.WILDCARD)
    public Response lift(@RestPath String name, @Valid ActionRequest request) {
        return act(name, OverrideAction.LIFT, null, request == null ? null : request.by(),
                request == null ? null : request.reason());
    }

    private Response override(String name, OverrideAction action, OverrideRequest request) {
        Duration duration = Duration.ofSeconds(request.durationSeconds());
        if (duration.compareTo(config.maxOverride()) > 0) {
            return GatewayError.badRequest("duration_seconds must be at most " + config.maxOverride().toSeconds())
                    .toResponse();
        }
        return act(name, action, clock.instant().plus(duration), request.by(), request.reason());
    }

    private Response act(String name, OverrideAction action, Instant until, String by, String reason) {
        Backend backend = backends.byBreaker(name);
        if (backend == null) {
            return GatewayError.notFound("no circuit breaker is named '" + name + "'").toResponse();
        }
        overrides.apply(name, action, until, by == null || by.isBlank() ? "admin" : by.strip(),
                reason == null || reason.isBlank() ? "(no reason given)" : reason.strip());
        return Response.ok(reports.of(backend, clock.instant())).build();
    }
}
