package io.breakwater.admin;

import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Optional body of a reset or of lifting an override: {@code {"reason": "backend fixed", "by": "alice"}}.
 */
@RegisterForReflection
public record ActionRequest(
        @Size(max = 200, message = "must be at most 200 characters") String reason,
        @Size(max = 100, message = "must be at most 100 characters") String by) {
}
