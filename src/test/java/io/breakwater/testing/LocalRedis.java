package io.breakwater.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the tests find a Redis without being told, in this order: {@code QUARKUS_REDIS_HOSTS}; Dev Services, when a
 * Docker engine runs (it starts one in a container for the {@code @QuarkusTest}s); one answering on localhost:6379;
 * one of the tests' own, started from {@code redis-server} on the {@code PATH} for as long as the test JVM runs.
 * Where none can be had, the tests that need Redis are skipped with a reason naming {@code QUARKUS_REDIS_HOSTS}
 * ({@link #canBeHad}); in CI ({@code CI} set) they run, and fail.
 */
public final class LocalRedis {

    /** Why a test that needs Redis was skipped. */
    public static final String NONE = "no Redis: set QUARKUS_REDIS_HOSTS=redis://host:6379, run one on "
            + "localhost:6379, put redis-server on the PATH, or run a Docker engine for Dev Services";

    private static final String LOCALHOST = "redis://localhost:6379";

    private static Optional<String> standalone;

    private LocalRedis() {
    }

    /**
     * @return the Redis to point a {@code @QuarkusTest} gateway at, or nothing when Quarkus finds one itself
     *         ({@code QUARKUS_REDIS_HOSTS}, Dev Services) or none can be had
     */
    public static Optional<String> forQuarkusTests() {
        if (System.getenv("QUARKUS_REDIS_HOSTS") != null || dockerRuns()) {
            return Optional.empty();
        }
        return standalone();
    }

    /**
     * @return the Redis for a gateway the tests start as a process, which no Dev Services serves
     */
    public static synchronized Optional<String> standalone() {
        if (standalone == null) {
            standalone = find();
        }
        return standalone;
    }

    /** For {@code @EnabledIf}: whether the {@code @QuarkusTest}s can have a Redis; always in CI. */
    public static boolean canBeHad() {
        return System.getenv("CI") != null || dockerRuns() || standalone().isPresent();
    }

    /** For {@code @EnabledIf}: whether a gateway started as a process can have a Redis; always in CI. */
    public static boolean canBeHadStandalone() {
        return System.getenv("CI") != null || standalone().isPresent();
    }

    private static Optional<String> find() {
        String hosts = System.getenv("QUARKUS_REDIS_HOSTS");
        if (hosts != null && !hosts.isBlank()) {
            return Optional.of(hosts.split(",")[0]);
        }
        if (TestRedis.answers(LOCALHOST)) {
            return Optional.of(LOCALHOST);
        }
        if (RedisServer.onThePath()) {
            return Optional.of(RedisServer.launchForThisJvm());
        }
        return Optional.empty();
    }

    /** Whether Dev Services can start containers: a Docker engine's socket is there. */
    private static boolean dockerRuns() {
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }
}
