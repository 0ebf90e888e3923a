package io.breakwater.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link OpenBackoff#openPeriod}: the reset timeout, doubled for each failed trial call, up to the longest. */
class OpenBackoffTest {

    @ParameterizedTest
    @CsvSource({
            "0, 30, 300, 30",
            "1, 30, 300, 60",
            "2, 30, 300, 120",
            "3, 30, 300, 240",
            "4, 30, 300, 300",
            "40, 30, 300, 300",
            "1, 30, 30, 30",
            "1, 30, 45, 45",
    })
    void doublesForEachFailedTrialUpToTheLongest(int failedTrials, int resetTimeout, int longest, long expected) {
        assertEquals(expected, OpenBackoff.openPeriod(failedTrials, resetTimeout, longest));
    }
}
