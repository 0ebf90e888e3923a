package io.breakwater.redis;

import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Redis as the gateway uses it: never required, never waited on for long. Every command is bounded by
 * {@code gateway.redis.command-timeout}, and a gateway started without Redis configured simply has none, which it
 * says once at start-up and everywhere it shows Redis in the same words: "Redis is not configured".
 */
@Singleton
public class Redis {

    private static final Logger LOG = Logger.getLogger(Redis.class);

    private final InjectableInstance<ReactiveRedisDataSource> dataSource;
    private final RedisConfig config;
    private final boolean configured;

    Redis(InjectableInstance<ReactiveRedisDataSource> dataSource, RedisConfig config) {
        this.dataSource = dataSource;
        this.config = config;
        this.configured = isActive(dataSource);
    }

    void sayWhetherConfigured(@Observes StartupEvent started) {
        if (!configured) {
            LOG.info(NotConfiguredException.MESSAGE + ": breaker events and the cluster view stay within this "
                    + "replica");
        }
    }

    /** Whether Redis is configured ({@code quarkus.redis.hosts}, or Dev Services), reachable or not. */
    public boolean configured() {
        return configured;
    }

    /**
     * Runs commands against Redis.
     *
     * @return their result, or a failure if Redis is not configured, not reachable or too slow
     */
    public <T> Uni<T> run(Function<ReactiveRedisDataSource, Uni<T>> commands) {
        if (!configured) {
            return Uni.createFrom().failure(new NotConfiguredException());
        }
        return Uni.createFrom().deferred(() -> commands.apply(dataSource.get()))
                .ifNoItem().after(config.commandTimeout()).failWith(TimeoutException::new);
    }

    /** Without {@code quarkus.redis.hosts} (and no Dev Services), the Redis client's bean is inactive. */
    private static boolean isActive(InjectableInstance<ReactiveRedisDataSource> dataSource) {
        try {
            return dataSource.isResolvable() && dataSource.getHandle().getBean().isActive();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Redis is not configured: {@code quarkus.redis.hosts} is unset and Dev Services did not start one.
     */
    public static class NotConfiguredException extends IllegalStateException {

        static final String MESSAGE = "Redis is not configured (QUARKUS_REDIS_HOSTS)";

        NotConfiguredException() {
            super(MESSAGE);
        }
    }
}
