package io.breakwater.events;

import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.quarkus.arc.InactiveBeanException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Redis as the gateway uses it: never required, never waited on for long. Every command is bounded by
 * {@code gateway.redis.command-timeout}, and a gateway started without Redis configured simply has none.
 */
@Singleton
public class Redis {

    private final Instance<ReactiveRedisDataSource> dataSource;
    private final RedisEventsConfig config;

    Redis(Instance<ReactiveRedisDataSource> dataSource, RedisEventsConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * Runs commands against Redis.
     *
     * @return their result, or a failure if Redis is not configured, not reachable or too slow
     */
    public <T> Uni<T> run(Function<ReactiveRedisDataSource, Uni<T>> commands) {
        return Uni.createFrom().deferred(() -> commands.apply(dataSource()))
                .ifNoItem().after(config.commandTimeout()).failWith(TimeoutException::new);
    }

    private ReactiveRedisDataSource dataSource() {
        try {
            return dataSource.get();
        } catch (InactiveBeanException e) {
            throw new NotConfiguredException();
        }
    }

    /**
     * Redis is not configured: {@code quarkus.redis.hosts} is unset and Dev Services did not start one.
     */
    public static class NotConfiguredException extends IllegalStateException {
        NotConfiguredException() {
            super("Redis is not configured (QUARKUS_REDIS_HOSTS)");
        }
    }
}
