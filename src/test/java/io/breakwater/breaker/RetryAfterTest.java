package io.breakwater.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Retry-After is whole seconds, rounded up, never less than 1: a caller who waits that long never comes back
 * before calls are let through again.
 */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "30000, 30",
            "29001, 30",
            "29999, 30",
            "1, 1",
            "1000, 1",
            "1001, 2",
            "0, 1",
            "-5000, 1",
    })
    void roundsUpToWholeSecondsAndNeverLessThanOne(long millisLeft, long expected) {
        assertEquals(expected, RetryAfter.seconds(NOW, NOW.plusMillis(millisLeft)));
    }
}
