package io.breakwater.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Direct access to the Redis the tests use, for reading what the gateway wrote and cleaning it up. It is the
 * machine's shared Redis ({@code QUARKUS_REDIS_HOSTS}, default {@code redis://localhost:6379}) unless a test starts
 * its own {@link RedisServer}; tests only ever touch keys under their own prefix.
 */
public final class TestRedis implements AutoCloseable {

    private final Vertx vertx;
    private final Redis client;

    private TestRedis(Vertx vertx, String url) {
        this.vertx = vertx;
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
    }

    /**
     * @return the Redis the gateway under test uses: inside a {@code @QuarkusTest}, its own configuration (which Dev
     *         Services or {@link LocalRedis} fills in); elsewhere the one {@link LocalRedis} finds, else localhost:6379
     */
    public static String sharedUrl() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class)
                .filter(hosts -> !hosts.isBlank()).map(hosts -> hosts.split(",")[0])
                .or(LocalRedis::standalone).orElse("redis://localhost:6379");
    }

    /**
     * @return whether a Redis answers at {@code url}
     */
    public static boolean answers(String url) {
        try (TestRedis redis = connect(url)) {
            return "PONG".equals(redis.send(Command.PING).toString());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Deletes every key starting with {@code prefix} from the {@linkplain #sharedUrl shared Redis}: what a test wrote.
     */
    public static void deleteSharedKeys(String prefix) {
        try (TestRedis redis = connect(sharedUrl())) {
            redis.deleteKeys(prefix);
        }
    }

    public static TestRedis connect(String url) {
        return new TestRedis(Vertx.vertx(), url);
    }

    public Response send(Command command, Object... arguments) {
        Request request = Request.cmd(command);
        for (Object argument : arguments) {
            request.arg(String.valueOf(argument));
        }
        try {
            return client.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Redis " + command + " failed", e);
        }
    }

    /**
     * Subscribes this connection to {@code channel}; it can send nothing else afterwards.
     */
    public void subscribe(String channel, Consumer<String> onMessage) {
        try {
            RedisConnection connection = client.connect().toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            connection.handler(message -> {
                if (message.type() == ResponseType.PUSH && "message".equals(message.get(0).toString())) {
                    onMessage.accept(message.get(2).toString());
                }
            });
            connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not subscribe to " + channel, e);
        }
    }

    /**
     * Waits until at least {@code count} connections listen on {@code channel}: as many gateways under test as have
     * subscribed to their events channel once started.
     */
    public void awaitSubscribers(String channel, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> send(Command.PUBSUB, "NUMSUB", channel).get(1).toLong() >= count);
    }

    /**
     * Deletes every key starting with {@code prefix}.
     */
    public void deleteKeys(String prefix) {
        String cursor = "0";
        do {
            Response page = send(Command.SCAN, cursor, "MATCH", prefix + "*", "COUNT", 1000);
            cursor = page.get(0).toString();
            List<String> keys = new ArrayList<>();
            page.get(1).forEach(key -> keys.add(key.toString()));
            if (!keys.isEmpty()) {
                send(Command.DEL, keys.toArray());
            }
        } while (!"0".equals(cursor));
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
