package io.breakwater.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field that receives the {@link StubBackend} standing in for a backend, named by its breaker's name,
 * e.g. {@code @Stub("ControlAPI")}; for a backend of several stubs, one of them, named by the address it listens on
 * too, e.g. {@code @Stub(value = "ControlAPI", address = "127.0.0.2")}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Stub {
    String value();

    /** The loopback address of the stub, where a backend has several; empty where it has one. */
    String address() default "";
}
