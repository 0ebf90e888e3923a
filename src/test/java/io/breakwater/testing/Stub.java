package io.breakwater.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field that receives the {@link StubBackend} standing in for a backend, named by its breaker's name,
 * e.g. {@code @Stub("ControlAPI")}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Stub {
    String value();
}
