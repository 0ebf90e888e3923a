package io.breakwater.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of a force-open or force-close: {@code {"duration_seconds": 300, "reason": "maintenance", "by": "alice"}}.
 *
 * @param by who asks, for the audit log and the event; defaults to {@code admin}
 */
@RegisterForReflection
public record OverrideRequest(
        @NotNull(message = "is required") @Positive(message = "must be a positive number of seconds") Long durationSeconds,
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String reason,
        @Size(max = 100, message = "must be at most 100 characters") String by) {
}
