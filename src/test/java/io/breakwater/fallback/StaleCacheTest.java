package io.breakwater.fallback;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;

class StaleCacheTest {

    /**
     * The native executable only knows the classes registered for reflection; Caffeine loads its cache and entry
     * classes by name, and a change to the cache's settings changes which.
     */
    @Test
    void registersForTheNativeExecutableTheClassesCaffeinePicksByName() throws ReflectiveOperationException {
        StaleCache cache = new StaleCache(new Defaults(), Clock.systemUTC());
        List<String> registered = List.of(StaleCache.class.getAnnotation(RegisterForReflection.class).classNames());

        Object caffeine = cache.caffeineCache();
        String implementation = caffeine.getClass().getName();
        assertTrue(registered.contains(implementation), implementation + " among " + registered);
        String entries = nodeFactoryOf(caffeine).getClass().getName();
        assertTrue(registered.contains(entries), entries + " among " + registered);
    }

    /** Caffeine's factory of cache entries, an instance of the generated entry class it stands for. */
    private static Object nodeFactoryOf(Object caffeine) throws ReflectiveOperationException {
        List<Field> fields = new ArrayList<>();
        for (Class<?> type = caffeine.getClass(); type != null; type = type.getSuperclass()) {
            fields.addAll(List.of(type.getDeclaredFields()));
        }
        Field nodeFactory = fields.stream().filter(field -> field.getName().equals("nodeFactory")).findFirst()
                .orElseThrow();
        nodeFactory.setAccessible(true);
        return nodeFactory.get(caffeine);
    }

    private static final class Defaults implements StaleCacheConfig {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public int maxEntries() {
            return 1000;
        }

        @Override
        public MemorySize maxBytes() {
            return new MemorySizeConverter().convert("16M");
        }

        @Override
        public MemorySize maxEntrySize() {
            return new MemorySizeConverter().convert("1M");
        }

        @Override
        public Duration maxStale() {
            return Duration.ofHours(1);
        }
    }
}
