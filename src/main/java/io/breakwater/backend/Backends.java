package io.breakwater.backend;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.quarkus.arc.All;

/**
 * Every backend the gateway fronts, found by route key or breaker name.
 */
@Singleton
public class Backends {

    private final List<Backend> all;
    private final Map<String, Backend> byRoute;
    private final Map<String, Backend> byBreaker;

    Backends(@All List<Backend> backends) {
        this.all = List.copyOf(backends);
        this.byRoute = index(backends, Backend::route);
        this.byBreaker = index(backends, Backend::breakerName);
    }

    private static Map<String, Backend> index(List<Backend> backends, Function<Backend, String> key) {
        return backends.stream().collect(Collectors.toUnmodifiableMap(key, Function.identity(), (a, b) -> {
            throw new IllegalStateException("Two backends share the key '" + key.apply(a) + "': "
                    + a.getClass().getName() + " and " + b.getClass().getName());
        }));
    }

    public Collection<Backend> all() {
        return all;
    }

    /**
     * @return the backend for {@code /api/<route>}, or {@code null}
     */
    public Backend byRoute(String route) {
        return byRoute.get(route);
    }

    /**
     * @return the backend whose breaker has this name, or {@code null}
     */
    public Backend byBreaker(String breakerName) {
        return byBreaker.get(breakerName);
    }
}
