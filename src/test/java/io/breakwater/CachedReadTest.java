package io.breakwater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * One read shared by every caller, reused for a fixed time after it came; callers that must not wait get the last
 * result at once. Reads here end only when the test says so, and time moves only when the test moves it.
 */
class CachedReadTest {

    private static final Duration REUSE_FOR = Duration.ofSeconds(2);

    private final List<UniEmitter<? super String>> reads = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-30T09:00:00Z");
    private final CachedRead<String> cached = new CachedRead<>(
            () -> Uni.createFrom().emitter(reads::add), null, REUSE_FOR, new Clock() {
                @Override
                public Instant instant() {
                    return now;
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            });

    @Test
    void givesTheLastResultAtOnceAndReadsInTheBackground() {
        assertNull(cached.last(), "nothing read yet");
        assertEquals(1, reads.size(), "the first call started a read");
        assertNull(cached.last(), "still under way: the caller does not wait");
        assertEquals(1, reads.size(), "and no second read was started");

        reads.get(0).complete("first");

        assertEquals("first", cached.last());
        assertEquals(1, reads.size());
    }

    @Test
    void sharesTheReadUnderWayWithCallersThatWait() {
        List<String> results = new ArrayList<>();
        cached.get().subscribe().with(results::add);
        cached.get().subscribe().with(results::add);
        cached.last();

        reads.get(0).complete("shared");

        assertEquals(1, reads.size());
        assertEquals(List.of("shared", "shared"), results);
    }

    @Test
    void reusesAResultForItsTimeThenReadsOnceMore() {
        cached.last();
        now = now.plusSeconds(5); // a slow read: the time counts from its end
        reads.get(0).complete("first");

        now = now.plus(REUSE_FOR).minusMillis(1);
        assertEquals("first", cached.get().await().indefinitely());
        assertEquals(1, reads.size());

        now = now.plusMillis(1);
        assertEquals("first", cached.last(), "too old, but the caller still does not wait");
        assertEquals("first", cached.last());
        assertEquals(2, reads.size(), "exactly one new read, however many callers");

        reads.get(1).complete("second");
        assertEquals("second", cached.last());
        assertEquals(2, reads.size());
    }
}
