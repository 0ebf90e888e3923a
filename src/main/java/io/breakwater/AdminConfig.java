package io.breakwater;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The operators' admin API under {@code /admin}. Here rather than in {@code admin} because the dashboard reads it
 * too, to offer the admin API's actions only when it is on, and features do not import each other.
 */
@ConfigMapping(prefix = "gateway.admin")
public interface AdminConfig {

    /**
     * Bearer token every admin call must carry. The admin API exists only when this is set (and not blank); keep it
     * in a Secret.
     */
    Optional<String> token();

    /**
     * Longest force-open or force-close an operator may ask for.
     */
    @WithDefault("24H")
    Duration maxOverride();

    /**
     * @return whether the admin API is on
     */
    default boolean enabled() {
        return token().filter(token -> !token.isBlank()).isPresent();
    }
}
