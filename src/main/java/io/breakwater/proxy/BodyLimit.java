package io.breakwater.proxy;

import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.breakwater.http.GatewayError;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose declared {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} with a
 * JSON 413, before a byte of its body is read; {@link ProxiedCall} refuses a body sent without a length once it
 * grows over the limit.
 */
@Singleton
class BodyLimit {

    /** Ahead of Quarkus' own upload limit, which answers without a body. */
    private static final int PRIORITY = 900;

    private final long maxBytes;
    private final Refusals refusals;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            Refusals refusals) {
        this.maxBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.refusals = refusals;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length, maxBytes)) {
            refusals.refuseBody(context.request(), GatewayError.payloadTooLarge(maxBytes));
        } else {
            context.next();
        }
    }

    /**
     * @return whether a declared {@code Content-Length} is over the limit; one that is not a number is left to
     *         Netty's parser, which refuses it
     */
    static boolean isOver(String length, long maxBytes) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
