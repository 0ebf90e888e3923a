package io.breakwater.overload;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Watches memory in use and decides when the gateway sheds load ({@link Overload}): from the moment the heap or
 * direct memory passes its threshold until both are back below it by the recovery margin, new requests get 503 and
 * new connections are closed, and connections that hold memory without doing anything for it are closed too
 * ({@code io.breakwater.frontdoor}). A WARN line says when shedding starts, an INFO line when it ends.
 */
@Singleton
public class MemoryPressure {

    private static final Logger LOG = Logger.getLogger(MemoryPressure.class);
    private static final long MIB = 1024 * 1024;

    private final AtomicReference<Overload> state = new AtomicReference<>(Overload.NONE);
    private final LongAdder refusedRequests = new LongAdder();
    private final LongAdder refusedRequestsWhileShedding = new LongAdder();
    private final MemoryGauge gauge = new MemoryGauge();
    private final Overload.Thresholds thresholds;
    private final OverloadConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private long timer = -1;

    MemoryPressure(OverloadConfig config, Vertx vertx, Clock clock) {
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.thresholds = Overload.Thresholds.of(config);
    }

    void start(@Observes StartupEvent startup) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(config.checkInterval().toMillis(), ignored -> check());
        }
    }

    @PreDestroy
    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** @return whether new requests and connections are to be refused now */
    public boolean shedding() {
        return state.get().shedding();
    }

    /** @return the state as last decided */
    public Overload current() {
        return state.get();
    }

    /** Counts a request refused because the gateway sheds load. */
    public void refusedRequest() {
        refusedRequests.increment();
        refusedRequestsWhileShedding.increment();
    }

    /** @return requests refused since start-up because the gateway shed load */
    public long refusedRequests() {
        return refusedRequests.sum();
    }

    private void check() {
        Overload before = state.get();
        Overload after = before.next(gauge.read(), thresholds, clock.instant());
        if (!state.compareAndSet(before, after) || after.shedding() == before.shedding()) {
            return;
        }
        MemoryUse memory = after.memory();
        if (after.shedding()) {
            refusedRequestsWhileShedding.reset();
            LOG.warnf("Shedding load: %s in use is %d%% (heap %d of %d MiB, direct memory %d of %d MiB); new requests"
                    + " get 503 and new connections are closed until both are below their threshold by %d%%",
                    after.fullest(), Math.round(100 * Math.max(memory.heapShare(), memory.directShare())),
                    memory.heapUsed() / MIB, memory.heapMax() / MIB, memory.directUsed() / MIB,
                    memory.directMax() / MIB, Math.round(100 * config.recoveryMargin()));
        } else {
            LOG.infof("Load shedding over after %d ms: heap %d%%, direct memory %d%%; %d requests were refused",
                    Duration.between(before.since(), after.since()).toMillis(),
                    Math.round(100 * memory.heapShare()), Math.round(100 * memory.directShare()),
                    refusedRequestsWhileShedding.sum());
        }
    }
}
