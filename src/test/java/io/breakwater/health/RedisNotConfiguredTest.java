package io.breakwater.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A gateway without Redis says so in those words wherever it shows Redis, distinct from a Redis it cannot reach,
 * and serves as usual.
 */
@QuarkusTest
@TestProfile(RedisNotConfiguredTest.NoRedis.class)
@WithTestResource(StubBackends.class)
class RedisNotConfiguredTest {

    private static final String NOT_CONFIGURED = "Redis is not configured (QUARKUS_REDIS_HOSTS)";

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // an inactive Redis client, as when neither quarkus.redis.hosts nor Dev Services gives one
            return Map.of("quarkus.redis.active", "false");
        }
    }

    @Test
    void saysRedisIsNotConfiguredWhereverItShowsRedis() {
        given().when().get("/health/dependencies").then().statusCode(200)
                .body("redis.status", equalTo("DOWN"))
                .body("redis.detail", equalTo(NOT_CONFIGURED));
        given().when().get("/dashboard/snapshot").then().statusCode(200)
                .body("transitions.source", equalTo("memory"))
                .body("transitions.unavailable", equalTo(NOT_CONFIGURED));
    }

    @Test
    void servesAndStaysReadyWithoutRedis() {
        given().when().get("/api/control/without-redis").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
