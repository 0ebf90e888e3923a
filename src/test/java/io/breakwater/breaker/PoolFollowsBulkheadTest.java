package io.breakwater.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * As many calls as the bulkhead admits (max-concurrent in flight, max-waiting queued, the defaults) to a healthy
 * backend that takes 2 s each: every one is answered, none waits for a connection past its timeout, and the breaker
 * stays closed, since the connection pool is as large as the bulkhead; and the calls that waited go out on the
 * connections of the calls before them.
 */
@QuarkusTest
@TestProfile(PoolFollowsBulkheadTest.DefaultLimits.class)
@WithTestResource(StubBackends.class)
class PoolFollowsBulkheadTest {

    static final int MAX_CONCURRENT = 200;
    static final int MAX_WAITING = 100;

    public static class DefaultLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the defaults, which the test resource's short timeout would otherwise replace
            return Map.of("control-api.timeout", "10");
        }
    }

    @Stub("ControlAPI")
    StubBackend control;

    @Inject
    BreakerMonitor breakers;

    @AfterEach
    void resetStub() {
        control.reset();
    }

    @Test
    void aHealthyBackendUnderAllTheLoadTheBulkheadAdmitsKeepsItsBreakerClosed() throws Exception {
        control.answerAfter(Duration.ofSeconds(2), 200, "{\"ok\":true}");
        int connectionsBefore = control.connectionsOpened();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/control/busy"))
                .timeout(Duration.ofSeconds(30)).build();

        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < MAX_CONCURRENT + MAX_WAITING; i++) {
            calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (CompletableFuture<HttpResponse<Void>> call : calls) {
            statuses.merge(call.get(30, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
        }

        assertEquals(Map.of(200, MAX_CONCURRENT + MAX_WAITING), statuses);
        assertEquals(BreakerState.CLOSED, breakers.status("ControlAPI").state());
        assertTrue(control.mostInFlight() <= MAX_CONCURRENT,
                "at most max-concurrent calls at the backend, but " + control.mostInFlight());
        // a connection for each call would make MAX_CONCURRENT + MAX_WAITING; the calls that waited find those of the
        // calls before them idle in their event loop's pool (BackendClient), but for those let through on an event
        // loop before its own calls have ended: a tenth of them on a quiet machine, most of them now and then on a
        // busy one, where the two event loops' calls end further apart
        int opened = control.connectionsOpened() - connectionsBefore;
        assertTrue(opened < MAX_CONCURRENT + MAX_WAITING, "the calls that waited reuse connections, but "
                + opened + " were opened for " + calls.size() + " calls");
    }
}
