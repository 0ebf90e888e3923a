package io.breakwater.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What a replica takes over from Redis when it starts.
 */
@ConfigMapping(prefix = "gateway.restore")
public interface RestoreConfig {

    /**
     * Whether a replica that starts while a breaker's open window, as the newest event for that service in the history
     * stream tells it, has not ended yet holds that service's calls for the time left ({@code GATEWAY_RESTORE_STATE}).
     */
    @WithDefault("true")
    boolean state();
}
