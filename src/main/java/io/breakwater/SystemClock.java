package io.breakwater;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The clock every time-based decision reads, injected so that it has one source.
 */
public class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
