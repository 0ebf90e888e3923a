package io.breakwater.health;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import io.breakwater.CachedRead;
import io.breakwater.backend.Backend;
import io.breakwater.backend.Backends;
import io.breakwater.redis.Redis;
import io.smallrye.mutiny.Uni;

/**
 * Light, cached probes of everything the gateway depends on: a GET of each backend's health path (around its
 * breaker, so that probes never count as calls) and a Redis {@code PING}. Each probe is bounded by
 * {@code gateway.health.probe-timeout} and its result shared for {@code gateway.health.probe-cache}: callers that
 * arrive while a probe is running wait for that one instead of starting another.
 */
@Singleton
public class DependencyProbes {

    private final Map<String, CachedRead<ProbeResult>> backends = new LinkedHashMap<>();
    private final CachedRead<ProbeResult> redis;
    private final HealthConfig config;
    private final Clock clock;

    DependencyProbes(Backends backends, Redis redis, HealthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        for (Backend backend : backends.all()) {
            this.backends.put(backend.breakerName(), cached(() -> probeBackend(backend)));
        }
        this.redis = cached(() -> redis.run(dataSource -> dataSource.execute("PING")).replaceWithVoid());
    }

    /**
     * @return each backend's probe result by breaker name, once every probe has ended or timed out
     */
    public Uni<Map<String, ProbeResult>> backends() {
        List<String> names = List.copyOf(backends.keySet());
        return Uni.join().all(names.stream().map(name -> backends.get(name).get()).toList()).andFailFast()
                .map(results -> {
                    Map<String, ProbeResult> byName = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        byName.put(names.get(i), results.get(i));
                    }
                    return byName;
                });
    }

    public Uni<ProbeResult> redis() {
        return redis.get();
    }

    /**
     * @return the last Redis probe's result without waiting; starts a new probe if that one is too old
     */
    public ProbeResult lastRedis() {
        return redis.last();
    }

    /**
     * One dependency's probe, bounded by the probe timeout, with its result shared for the probe cache's time.
     */
    private CachedRead<ProbeResult> cached(Supplier<Uni<Void>> check) {
        return new CachedRead<>(() -> {
            long started = System.nanoTime();
            return Uni.createFrom().<Void> deferred(check::get)
                    .ifNoItem().after(config.probeTimeout()).failWith(TimeoutException::new)
                    .map(ignored -> ProbeResult.up(millisSince(started), clock.instant()))
                    .onFailure().recoverWithItem(
                            failure -> ProbeResult.down(millisSince(started), describe(failure), clock.instant()));
        }, ProbeResult.UNKNOWN, config.probeCache(), clock);
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private Uni<Void> probeBackend(Backend backend) {
        return Uni.createFrom().completionStage(() -> backend.client()
                .probe(backend.config().healthPath(), config.probeTimeout()).toCompletionStage())
                .invoke(status -> {
                    if (status >= 400) {
                        throw new IllegalStateException("health path answered " + status);
                    }
                })
                .replaceWithVoid();
    }

    private String describe(Throwable failure) {
        if (failure instanceof Redis.NotConfiguredException) {
            return failure.getMessage();
        }
        if (failure instanceof TimeoutException) {
            return "no answer within " + config.probeTimeout().toMillis() + " ms";
        }
        if (failure.getCause() instanceof ConnectException || failure instanceof ConnectException) {
            return "connection refused";
        }
        if (failure.getCause() instanceof UnknownHostException || failure instanceof UnknownHostException) {
            return "unknown host";
        }
        if (failure instanceof IllegalStateException) {
            return failure.getMessage();
        }
        if (failure.getCause() instanceof TimeoutException) {
            return "no answer within " + config.probeTimeout().toMillis() + " ms";
        }
        return failure.getClass().getSimpleName();
    }
}
