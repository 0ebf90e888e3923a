package io.breakwater.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class OverloadTest {

    private static final long MIB = 1024 * 1024;
    private static final Overload.Thresholds THRESHOLDS = new Overload.Thresholds(0.9, 0.85, 0.1);
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void startsSheddingWhenTheHeapReachesItsThreshold() {
        Overload next = Overload.NONE.next(memory(39, 8), THRESHOLDS, T0);

        assertTrue(next.shedding());
        assertEquals(T0, next.since());
        assertEquals("heap", next.fullest());
    }

    @Test
    void startsSheddingWhenDirectMemoryReachesItsThreshold() {
        Overload next = Overload.NONE.next(memory(10, 28), THRESHOLDS, T0);

        assertTrue(next.shedding());
        assertEquals("direct memory", next.fullest());
    }

    @Test
    void staysCalmJustBelowBothThresholds() {
        assertFalse(Overload.NONE.next(memory(38, 27), THRESHOLDS, T0).shedding());
    }

    @Test
    void keepsSheddingUntilBothAreBelowTheirThresholdByTheMargin() {
        Overload shedding = Overload.NONE.next(memory(40, 8), THRESHOLDS, T0);

        Overload stillOver = shedding.next(memory(35, 8), THRESHOLDS, T0.plusSeconds(1));
        assertTrue(stillOver.shedding(), "below the threshold but within the margin");
        assertEquals(T0, stillOver.since());

        Overload directStillHigh = stillOver.next(memory(30, 25), THRESHOLDS, T0.plusSeconds(2));
        assertTrue(directStillHigh.shedding(), "the heap is down, direct memory within its margin");

        Overload over = directStillHigh.next(memory(30, 20), THRESHOLDS, T0.plusSeconds(3));
        assertFalse(over.shedding());
        assertEquals(T0.plusSeconds(3), over.since());
    }

    @Test
    void readsAnUnknownMaximumAsNoPressure() {
        MemoryUse unknown = new MemoryUse(50 * MIB, 0, 30 * MIB, 0);

        assertEquals(0, unknown.heapShare());
        assertEquals(0, unknown.directShare());
        assertSame(false, Overload.NONE.next(unknown, THRESHOLDS, T0).shedding());
    }

    /** The long-lived heap of the shipped 64 MiB heap (43 MiB) and the shipped 32 MiB of direct memory. */
    private static MemoryUse memory(long heapMib, long directMib) {
        return new MemoryUse(heapMib * MIB, 43 * MIB, directMib * MIB, 32 * MIB);
    }
}
