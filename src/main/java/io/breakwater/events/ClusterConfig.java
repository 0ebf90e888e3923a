package io.breakwater.events;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How replicas share what their breakers see, through Redis.
 */
@ConfigMapping(prefix = "gateway.cluster")
public interface ClusterConfig {

    /**
     * When on, a breaker that opens on any replica makes every other replica refuse calls to that backend too,
     * for the rest of that breaker's open window or until it closes; a dead backend then sees about fail-max
     * failing calls in all, not fail-max per replica.
     */
    @WithDefault("false")
    boolean sharedState();

    /**
     * How often each replica writes its breakers' states to {@code <prefix>:state:<service>} and reads the
     * other replicas'. At least 1s: the scheduler that runs it looks at its clock once a second.
     */
    @WithDefault("10s")
    @DurationMin(seconds = 1, message = "must be at least 1s, but was ${validatedValue}")
    Duration stateRefresh();

    /**
     * A replica whose state entries are older than this is taken to be gone: its entries are removed and it no
     * longer shows in the cluster view.
     */
    @WithDefault("35s")
    Duration stateTtl();
}
