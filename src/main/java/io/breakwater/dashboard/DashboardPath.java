package io.breakwater.dashboard;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Sends {@code /dashboard} to {@code /dashboard/}, where the static page is: Quarkus serves a directory's
 * {@code index.html} only with the trailing slash, and the page's relative links need it too.
 */
@Singleton
public class DashboardPath {

    void route(@Observes Router router) {
        router.get("/dashboard").handler(context -> {
            if (context.normalizedPath().equals("/dashboard")) {
                // relative, so that it still leads to the page behind a proxy that serves the gateway under a prefix
                String query = context.request().query();
                context.response().setStatusCode(302)
                        .putHeader(HttpHeaders.LOCATION, "dashboard/" + (query == null ? "" : "?" + query)).end();
            } else {
                context.next();
            }
        });
    }
}
