package io.breakwater.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.redis.Redis;
import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.LocalRedis;
import io.breakwater.testing.StubBackends;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Command;

/**
 * {@code /health/circuit-breakers} shows each breaker on every live replica, read from the state hashes; replicas
 * that stopped refreshing their entry disappear from the view and from Redis.
 */
@EnabledIf(value = "io.breakwater.testing.LocalRedis#canBeHad", disabledReason = LocalRedis.NONE)
@QuarkusTest
@WithTestResource(StubBackends.class)
class ClusterViewTest {

    @KeyPrefix
    String prefix;

    @Inject
    InstanceId instance;

    private TestRedis redis;

    @BeforeEach
    void connect() {
        redis = TestRedis.connect(TestRedis.sharedUrl());
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void showsEveryLiveReplicaAndForgetsGoneOnes() {
        Instant now = Instant.now();
        String key = prefix + ":state:DataAPI";
        redis.send(Command.HSET, key, "replica-live",
                new ReplicaState("open", now.minusSeconds(3), now).toJson());
        redis.send(Command.HSET, key, "replica-gone",
                new ReplicaState("closed", now.minusSeconds(600), now.minusSeconds(300)).toJson());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().when().get("/health/circuit-breakers")
                .then().statusCode(200)
                .body("circuit_breakers.DataAPI.instances.replica-live.state", equalTo("open"))
                .body("circuit_breakers.DataAPI.instances." + instance.value() + ".state", equalTo("closed"))
                .body("circuit_breakers.DataAPI.instances", not(hasKey("replica-gone"))));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertNull(redis.send(Command.HGET, key, "replica-gone")));
    }
}
