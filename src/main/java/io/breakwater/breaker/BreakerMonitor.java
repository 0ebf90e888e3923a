package io.breakwater.breaker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Follows every backend's circuit breaker: keeps its current state and the time it entered it, and fires a
 * {@link BreakerStateChanged} event for each transition. SmallRye Fault Tolerance owns the breakers; this class
 * only listens, except for {@link #reset}.
 * <p>
 * Events are delivered to {@code @ObservesAsync} observers one at a time, in the order of the transitions, so
 * that observers such as the Redis forwarder see a breaker's history in order.
 */
@Singleton
@Startup
public class BreakerMonitor {

    private static final Logger LOG = Logger.getLogger(BreakerMonitor.class);

    private final Map<String, AtomicReference<BreakerStatus>> statuses = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "breaker-events");
        thread.setDaemon(true);
        return thread;
    });
    private final CircuitBreakerMaintenance maintenance;
    private final Event<BreakerStateChanged> events;
    private final OpenBackoff backoff;
    private final Clock clock;

    BreakerMonitor(Backends backends, CircuitBreakerMaintenance maintenance, Event<BreakerStateChanged> events,
            OpenBackoff backoff, Clock clock) {
        this.maintenance = maintenance;
        this.events = events;
        this.backoff = backoff;
        this.clock = clock;
        for (Backend backend : backends.all()) {
            String name = backend.breakerName();
            statuses.put(name, new AtomicReference<>(
                    new BreakerStatus(BreakerState.of(currentState(maintenance, backend)), clock.instant(), 0)));
            maintenance.onStateChange(name, state -> moveTo(name, BreakerState.of(state)));
        }
    }

    private static CircuitBreakerState currentState(CircuitBreakerMaintenance maintenance, Backend backend) {
        try {
            return maintenance.currentState(backend.breakerName());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The backend routed at /api/" + backend.route() + " calls its breaker '"
                    + backend.breakerName() + "', but no @CircuitBreakerName(\"" + backend.breakerName()
                    + "\") exists: its call method must carry that name", e);
        }
    }

    /**
     * @return the breaker's current status
     * @throws IllegalArgumentException for a name no backend uses
     */
    public BreakerStatus status(String breakerName) {
        return reference(breakerName).get();
    }

    /**
     * Closes the breaker and forgets its failures. SmallRye's reset does not report a state change, so this one
     * records and announces it.
     */
    public void reset(String breakerName) {
        maintenance.reset(breakerName);
        moveTo(breakerName, BreakerState.CLOSED);
    }

    // called by SmallRye on the thread that moved the breaker: must be quick and must not block
    private void moveTo(String name, BreakerState to) {
        AtomicReference<BreakerStatus> reference = reference(name);
        BreakerStatus previous;
        BreakerStatus next;
        do {
            previous = reference.get();
            if (previous.state() == to) {
                return;
            }
            next = new BreakerStatus(to, clock.instant(), previous.version() + 1);
        } while (!reference.compareAndSet(previous, next));
        Instant openUntil = backoff.moved(name, previous.state(), to, next.since());
        if (openUntil == null) {
            LOG.infof("Circuit breaker %s: %s -> %s", name, previous.state().label(), to.label());
        } else {
            LOG.infof("Circuit breaker %s: %s -> %s, trial call in %d s", name, previous.state().label(), to.label(),
                    Duration.between(next.since(), openUntil).toSeconds());
        }
        events.fireAsync(new BreakerStateChanged(name, previous.state(), to, next.since(), next.version(), openUntil),
                NotificationOptions.ofExecutor(delivery));
    }

    @PreDestroy
    void stopDelivery() {
        delivery.shutdown();
    }

    private AtomicReference<BreakerStatus> reference(String name) {
        AtomicReference<BreakerStatus> reference = statuses.get(name);
        if (reference == null) {
            throw new IllegalArgumentException("No backend has a circuit breaker named '" + name + "'");
        }
        return reference;
    }
}
