package io.breakwater.breaker;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import jakarta.inject.Singleton;

/**
 * The {@link BreakerHold}s on each breaker. While one is in force, {@link BreakerGate} refuses calls as an open
 * breaker would, with a {@code Retry-After} running to the hold's end.
 */
@Singleton
public class BreakerHolds {

    private final Map<String, AtomicReference<Map<String, BreakerHold>>> holds = new ConcurrentHashMap<>();
    private final Clock clock;

    BreakerHolds(Clock clock) {
        this.clock = clock;
    }

    /**
     * Puts a hold on a breaker, replacing the one its source had.
     */
    public void hold(String breakerName, BreakerHold hold) {
        update(breakerName, current -> {
            Map<String, BreakerHold> next = new HashMap<>(current);
            next.put(hold.source(), hold);
            return next;
        });
    }

    /**
     * Lifts the hold {@code source} has on a breaker, if any.
     */
    public void release(String breakerName, String source) {
        update(breakerName, current -> {
            Map<String, BreakerHold> next = new HashMap<>(current);
            next.remove(source);
            return next;
        });
    }

    /**
     * @return the hold in force that lasts longest, if any
     */
    public Optional<BreakerHold> active(String breakerName) {
        AtomicReference<Map<String, BreakerHold>> reference = holds.get(breakerName);
        if (reference == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        BreakerHold longest = null;
        for (BreakerHold hold : reference.get().values()) {
            if (hold.until().isAfter(now) && (longest == null || hold.until().isAfter(longest.until()))) {
                longest = hold;
            }
        }
        return Optional.ofNullable(longest);
    }

    private void update(String breakerName, UnaryOperator<Map<String, BreakerHold>> change) {
        AtomicReference<Map<String, BreakerHold>> reference = holds.computeIfAbsent(breakerName,
                ignored -> new AtomicReference<>(Map.of()));
        Map<String, BreakerHold> current;
        Map<String, BreakerHold> next;
        do {
            current = reference.get();
            next = Map.copyOf(change.apply(current));
        } while (!reference.compareAndSet(current, next));
    }
}
