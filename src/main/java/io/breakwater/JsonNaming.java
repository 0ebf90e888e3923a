package io.breakwater;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * JSON field names are snake_case everywhere ({@code quarkus.jackson.property-naming-strategy=SNAKE_CASE}, in
 * {@code application.properties}). Jackson makes that strategy from its class name at run time, so the native
 * executable must keep the class for reflection: without it every JSON endpoint answers 500 there.
 */
@RegisterForReflection(targets = PropertyNamingStrategies.SnakeCaseStrategy.class)
final class JsonNaming {

    private JsonNaming() {
    }
}
