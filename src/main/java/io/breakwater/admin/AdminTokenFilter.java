package io.breakwater.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.breakwater.AdminConfig;
import io.breakwater.breaker.AuditLog;
import io.breakwater.http.GatewayError;

/**
 * Lets admin calls through only with {@code Authorization: Bearer <gateway.admin.token>}: 404 while the admin API is
 * off, 401 without a token, 403 with a wrong one. The comparison takes the same time whatever the token, so that
 * timing tells an attacker nothing.
 */
@ApplicationScoped // created on first use, at run time: the token is run-time configuration
class AdminTokenFilter {

    private static final String BEARER = "Bearer ";

    private final AdminConfig config;
    private final byte[] expectedDigest;

    AdminTokenFilter(AdminConfig config) {
        this.config = config;
        this.expectedDigest = config.enabled() ? digest(config.token().orElseThrow()) : null;
    }

    @ServerRequestFilter
    @AdminOnly
    Response check(ContainerRequestContext request) {
        if (!config.enabled()) {
            return GatewayError.notFound("the admin API is off; set GATEWAY_ADMIN_TOKEN to turn it on").toResponse();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Response.fromResponse(GatewayError.unauthorized().toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"breakwater-admin\"").build();
        }
        if (!MessageDigest.isEqual(expectedDigest, digest(authorization.substring(BEARER.length()).strip()))) {
            AuditLog.warn("Admin call refused: wrong token for %s %s", request.getMethod(),
                    request.getUriInfo().getPath());
            return GatewayError.forbidden().toResponse();
        }
        return null;
    }

    /** Digests of equal length, compared whole, whatever the length of the token sent. */
    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
