package io.breakwater;

import io.smallrye.config.ConfigValidationException;

/**
 * A setting found wrong after SmallRye Config read it, such as two settings that contradict each other: start-up stops
 * with the message, as it does for a value that fails its own checks.
 */
public final class InvalidSetting {

    private InvalidSetting() {
    }

    /** @param message names the setting and says what is wrong with it */
    public static ConfigValidationException of(String message) {
        return new ConfigValidationException(
                new ConfigValidationException.Problem[] { new ConfigValidationException.Problem(message) });
    }
}
