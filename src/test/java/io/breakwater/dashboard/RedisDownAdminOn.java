package io.breakwater.dashboard;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A gateway whose Redis never answers (nothing listens on port 1), with the admin API on, that streams a snapshot
 * only when the page opens and after a transition: whatever a test sees on the stream after the first snapshot was
 * pushed by a transition.
 */
public class RedisDownAdminOn implements QuarkusTestProfile {

    static final String ADMIN_TOKEN = "dashboard-test-admin-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.redis.hosts", "redis://127.0.0.1:1",
                "gateway.admin.token", ADMIN_TOKEN,
                "gateway.dashboard.push-interval", "1h");
    }
}
