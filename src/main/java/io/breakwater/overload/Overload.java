package io.breakwater.overload;

import java.time.Instant;

/**
 * Whether the gateway sheds load, since when and why; immutable, one per change of state.
 *
 * @param shedding whether new requests and connections are refused
 * @param since when shedding started or ended ({@link Instant#EPOCH} before the first change)
 * @param memory the measurement the state was decided on
 */
public record Overload(boolean shedding, Instant since, MemoryUse memory) {

    static final Overload NONE = new Overload(false, Instant.EPOCH, new MemoryUse(0, 0, 0, 0));

    /**
     * Thresholds, as shares of each kind of memory, at which shedding starts; it stops once both are
     * {@code recoveryMargin} below theirs.
     */
    record Thresholds(double heap, double direct, double recoveryMargin) {

        static Thresholds of(OverloadConfig config) {
            return new Thresholds(config.heapThreshold(), config.directMemoryThreshold(), config.recoveryMargin());
        }
    }

    /**
     * @return the state {@code memory} calls for: this one if nothing changes, else a new one since {@code now}
     */
    Overload next(MemoryUse memory, Thresholds thresholds, Instant now) {
        boolean over = memory.heapShare() >= thresholds.heap() || memory.directShare() >= thresholds.direct();
        boolean under = memory.heapShare() < thresholds.heap() - thresholds.recoveryMargin()
                && memory.directShare() < thresholds.direct() - thresholds.recoveryMargin();
        if (!shedding && over) {
            return new Overload(true, now, memory);
        }
        if (shedding && under) {
            return new Overload(false, now, memory);
        }
        return new Overload(shedding, since, memory);
    }

    /** @return which kind of memory is the fuller, for messages: {@code heap} or {@code direct memory} */
    String fullest() {
        return memory.directShare() > memory.heapShare() ? "direct memory" : "heap";
    }
}
