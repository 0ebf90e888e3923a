package io.breakwater;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A slow read (a probe, a query to Redis) whose result every caller shares ({@link Uni#memoize()}) and reuses for a
 * fixed time after it came, so that however many callers ask, at most one read runs at a time and at most one
 * starts per period. Callers that need a fresh result {@linkplain #get() wait} for it; callers that must never wait
 * take the {@linkplain #last() last} one.
 *
 * @param <T> the result; a failed read must be turned into one, so that it is reused like any other
 */
public final class CachedRead<T> {

    private final AtomicReference<T> last;
    private final AtomicReference<Instant> lastAt = new AtomicReference<>();
    private final Duration reuseFor;
    private final Clock clock;
    private final Uni<T> shared;

    /**
     * @param read starts one read
     * @param none what {@link #last()} gives before the first read has ended
     * @param reuseFor how long a result is reused
     */
    public CachedRead(Supplier<Uni<T>> read, T none, Duration reuseFor, Clock clock) {
        this.last = new AtomicReference<>(none);
        this.reuseFor = reuseFor;
        this.clock = clock;
        this.shared = Uni.createFrom().deferred(read::get)
                .invoke(result -> {
                    last.set(result);
                    lastAt.set(clock.instant());
                })
                .memoize().until(this::tooOld);
    }

    /**
     * @return the result of the read under way, or of the last one if it is recent enough, else of a new one
     */
    public Uni<T> get() {
        return shared;
    }

    /**
     * @return the last result at once, without waiting; starts a new read in the background if it is too old
     */
    public T last() {
        shared.subscribe().with(ignored -> {
        });
        return last.get();
    }

    // asked by memoize on each subscription, under its lock: true once per result, so that exactly one new read
    // starts, and never while a read is under way, which would cancel it
    private boolean tooOld() {
        Instant at = lastAt.get();
        return at != null && !clock.instant().isBefore(at.plus(reuseFor)) && lastAt.compareAndSet(at, null);
    }
}
