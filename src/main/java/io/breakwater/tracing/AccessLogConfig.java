package io.breakwater.tracing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * The access log: one line per proxied call, written by Quarkus' access log ({@code quarkus.http.access-log.*} in
 * {@code application.properties} sets its pattern) from what {@link CallTrace} leaves in the routing context.
 */
@ConfigMapping(prefix = "gateway.access-log")
public interface AccessLogConfig {

    /**
     * Whether each proxied call writes a line to standard output, through a queue, so that an event loop never waits
     * for the output: time, method, path without the query string, status, duration, bytes each way, breaker,
     * outcome, endpoint, retries and trace id. A line that finds the queue full is dropped.
     */
    @WithParentName
    @WithDefault("false")
    boolean enabled();
}
