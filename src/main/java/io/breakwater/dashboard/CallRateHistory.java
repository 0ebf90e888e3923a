package io.breakwater.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.breaker.CallCounts;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;

/**
 * Each breaker's call rates over the last {@code gateway.dashboard.rate-window}: every
 * {@code gateway.dashboard.sample-interval} the totals of {@link CallCounts} are read into a bounded ring, and rates
 * are the differences between neighbouring samples. Reading totals on a timer keeps this off the request path.
 */
@Singleton
public class CallRateHistory {

    private static final Duration LAST_MINUTE = Duration.ofMinutes(1);

    /** Totals read at one moment. */
    record Sample(Instant at, long successes, long failures, long rejected) {
    }

    private final Map<String, AtomicReference<List<Sample>>> samples = new ConcurrentHashMap<>();
    private final Backends backends;
    private final CallCounts counts;
    private final DashboardConfig config;
    private final Clock clock;

    CallRateHistory(Backends backends, CallCounts counts, DashboardConfig config, Clock clock) {
        this.backends = backends;
        this.counts = counts;
        this.config = config;
        this.clock = clock;
        for (Backend backend : backends.all()) {
            samples.put(backend.breakerName(), new AtomicReference<>(List.of()));
        }
    }

    void start(@Observes StartupEvent startup) {
        sample();
    }

    /**
     * @return the rates of the breaker's calls per second, oldest first
     * @throws IllegalArgumentException for a name no backend uses
     */
    public RateSeries series(String breakerName) {
        AtomicReference<List<Sample>> reference = samples.get(breakerName);
        if (reference == null) {
            throw new IllegalArgumentException("No backend has a circuit breaker named '" + breakerName + "'");
        }
        List<Sample> kept = reference.get();
        double windowSeconds = config.sampleInterval().toMillis() * (config.samplesKept() - 1) / 1000.0;
        if (kept.isEmpty()) {
            return new RateSeries(config.sampleInterval().toMillis() / 1000.0, windowSeconds, null, List.of(),
                    List.of(), List.of(), new RateSeries.PerSecond(0, 0, 0));
        }
        Sample latest = kept.get(kept.size() - 1);
        return new RateSeries(config.sampleInterval().toMillis() / 1000.0, windowSeconds, latest.at(),
                between(kept, Sample::successes), between(kept, Sample::failures), between(kept, Sample::rejected),
                lastMinute(kept, latest));
    }

    // the first sample is taken at start-up, the next ones one interval apart
    @Scheduled(identity = "call-rate-sampling", every = "${gateway.dashboard.sample-interval}",
            delayed = "${gateway.dashboard.sample-interval}", concurrentExecution = ConcurrentExecution.SKIP)
    void sample() {
        Instant now = clock.instant();
        for (Backend backend : backends.all()) {
            CallCounts.Counts totals = counts.counts(backend.breakerName());
            Sample sample = new Sample(now, totals.successes(), totals.failures(), totals.rejected());
            samples.get(backend.breakerName()).updateAndGet(kept -> append(kept, sample));
        }
    }

    private List<Sample> append(List<Sample> kept, Sample sample) {
        List<Sample> next = new ArrayList<>(kept.size() + 1);
        next.addAll(kept.subList(Math.max(0, kept.size() + 1 - config.samplesKept()), kept.size()));
        next.add(sample);
        return List.copyOf(next);
    }

    private static List<Double> between(List<Sample> kept, ToLongFunction<Sample> total) {
        List<Double> rates = new ArrayList<>(kept.size());
        for (int i = 1; i < kept.size(); i++) {
            rates.add(rate(kept.get(i - 1), kept.get(i), total));
        }
        return rates;
    }

    private static RateSeries.PerSecond lastMinute(List<Sample> kept, Sample latest) {
        Instant from = latest.at().minus(LAST_MINUTE);
        Sample first = kept.stream().filter(sample -> !sample.at().isBefore(from)).findFirst().orElse(latest);
        return new RateSeries.PerSecond(rate(first, latest, Sample::successes), rate(first, latest, Sample::failures),
                rate(first, latest, Sample::rejected));
    }

    private static double rate(Sample from, Sample to, ToLongFunction<Sample> total) {
        long millis = Duration.between(from.at(), to.at()).toMillis();
        if (millis <= 0) {
            return 0;
        }
        double perSecond = (total.applyAsLong(to) - total.applyAsLong(from)) * 1000.0 / millis;
        return Math.round(perSecond * 100) / 100.0;
    }
}
