package io.breakwater.breaker;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Event;
import jakarta.inject.Singleton;

/**
 * Operators' overrides of breakers: force-open (calls refused, as by a {@link BreakerHold}), force-close (calls let
 * through around the breaker, failures ignored), reset, and lifting an override early. Each ends by itself at its
 * time, is logged for audit and is announced with a {@link BreakerOverridden} event.
 */
@Singleton
public class BreakerOverrides {

    private static final String HOLD_SOURCE = "override";

    private final Map<String, BreakerOverride> overrides = new ConcurrentHashMap<>();
    private final BreakerMonitor monitor;
    private final BreakerHolds holds;
    private final Event<BreakerOverridden> events;
    private final Clock clock;

    BreakerOverrides(BreakerMonitor monitor, BreakerHolds holds, Event<BreakerOverridden> events, Clock clock) {
        this.monitor = monitor;
        this.holds = holds;
        this.events = events;
        this.clock = clock;
    }

    /**
     * @return the force-open or force-close in force on a breaker, if any
     */
    public Optional<BreakerOverride> active(String breakerName) {
        BreakerOverride override = overrides.get(breakerName);
        return override != null && override.until().isAfter(clock.instant()) ? Optional.of(override) : Optional.empty();
    }

    /**
     * Applies an operator's action on this replica and announces it.
     *
     * @param until when a force-open or force-close ends; ignored for reset and lift
     */
    public void apply(String breakerName, OverrideAction action, Instant until, String by, String reason) {
        BreakerState before = monitor.status(breakerName).state();
        applyLocally(breakerName, action, until, by, reason);
        AuditLog.info("Breaker %s: %s%s by %s: %s", breakerName, action.label(),
                action == OverrideAction.FORCE_OPEN || action == OverrideAction.FORCE_CLOSE ? " until " + until : "",
                by, reason);
        events.fireAsync(new BreakerOverridden(breakerName, action, before, until, by, reason, clock.instant()));
    }

    /**
     * Applies an action another replica announced, without announcing it again.
     */
    public void applyFromReplica(String breakerName, OverrideAction action, Instant until, String by, String reason,
            String replica) {
        applyLocally(breakerName, action, until, by, reason);
        AuditLog.info("Breaker %s: %s by %s on replica %s: %s", breakerName, action.label(), by, replica, reason);
    }

    private void applyLocally(String breakerName, OverrideAction action, Instant until, String by, String reason) {
        switch (action) {
            case FORCE_OPEN -> {
                overrides.put(breakerName, new BreakerOverride(action, until, by, reason));
                holds.hold(breakerName, new BreakerHold(until, HOLD_SOURCE, "forced open by " + by + ": " + reason));
            }
            case FORCE_CLOSE -> {
                overrides.put(breakerName, new BreakerOverride(action, until, by, reason));
                holds.release(breakerName, HOLD_SOURCE);
                monitor.reset(breakerName);
            }
            case RESET -> {
                overrides.remove(breakerName);
                holds.release(breakerName, HOLD_SOURCE);
                monitor.reset(breakerName);
            }
            case LIFT -> {
                overrides.remove(breakerName);
                holds.release(breakerName, HOLD_SOURCE);
            }
        }
    }
}
