package io.breakwater.events;

import static io.breakwater.testing.StubBackends.CONTROL_FAIL_MAX;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.redis.Redis;
import io.breakwater.testing.History;
import io.breakwater.testing.KeyPrefix;
import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.RedisServer;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.breakwater.testing.TestRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Many clients at once while ControlAPI flaps between up, slow, failing and gone, and Redis is stopped and started
 * again: no call hangs past its timeout, DataAPI's traffic is untouched, ControlAPI's bulkhead holds, threads and
 * connections stay bounded, and once Redis is back it holds every transition the gateway counted.
 * <p>
 * Runs for {@code -Dfaults.duration} ({@code PT20S} by default; {@code -Dfaults.duration=PT5M} for the long run).
 */
@EnabledIf(value = "io.breakwater.testing.RedisServer#installed", disabledReason = "redis-server is not installed")
@QuarkusTest
@TestProfile(FaultsUnderLoadTest.SmallBulkhead.class)
@WithTestResource(StubBackends.class)
@WithTestResource(RedisServer.class)
class FaultsUnderLoadTest {

    /** ControlAPI's bulkhead, smaller than the clients, so that they can fill it. */
    static final int MAX_CONCURRENT = 16;
    /** Quarkus' default: two event loops per core, each with a pool of max-concurrent connections to ControlAPI. */
    static final int EVENT_LOOPS = 2 * Runtime.getRuntime().availableProcessors();

    public static class SmallBulkhead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("control-api.max-concurrent", String.valueOf(MAX_CONCURRENT));
        }
    }

    private static final Duration DURATION = Duration.parse(System.getProperty("faults.duration", "PT20S"));
    private static final int REQUESTS_PER_SECOND = 200;
    /** Clients at once; a client whose call is still unanswered sends no other. */
    private static final int MOST_IN_FLIGHT = 64;
    /** The slowest answer the gateway may give: the backend timeout (2 s) plus room for a loaded machine. */
    private static final Duration LONGEST_ANSWER = Duration.ofSeconds(6);

    @Stub("ControlAPI")
    StubBackend control;

    @Stub("DataAPI")
    StubBackend data;

    @KeyPrefix
    String prefix;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, LongAdder> controlStatuses = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final LongAdder dataOk = new LongAdder();

    @Test
    void holdsUpWhileABackendFlapsAndRedisRestarts() throws Exception {
        RedisServer redis = RedisServer.current();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        double transitionsBefore = transitions(MetricsScrape.fetch());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        Semaphore inFlight = new Semaphore(MOST_IN_FLIGHT);
        AtomicInteger tick = new AtomicInteger();
        Instant end = Instant.now().plus(DURATION);
        try {
            scheduler.scheduleAtFixedRate(() -> flap(tick.getAndIncrement()), 0, 1500, TimeUnit.MILLISECONDS);
            AtomicInteger sent = new AtomicInteger();
            scheduler.scheduleAtFixedRate(() -> {
                if (inFlight.tryAcquire()) {
                    String route = sent.getAndIncrement() % 2 == 0 ? "control" : "data";
                    send(route).whenComplete((ignored, failure) -> inFlight.release());
                }
            }, 0, 1_000_000 / REQUESTS_PER_SECOND, TimeUnit.MICROSECONDS);

            await().atMost(DURATION.multipliedBy(2)).until(() -> Instant.now().isAfter(end.minus(DURATION.dividedBy(2))));
            redis.stopServer();
            await().atMost(DURATION.multipliedBy(2)).until(() -> Instant.now().isAfter(end.minus(DURATION.dividedBy(5))));
            redis.startServer();
            await().atMost(DURATION.multipliedBy(2)).until(() -> Instant.now().isAfter(end));
        } finally {
            scheduler.shutdownNow();
            control.reset();
        }
        await().atMost(LONGEST_ANSWER.multipliedBy(2)).until(() -> inFlight.availablePermits() == MOST_IN_FLIGHT);

        assertEquals(List.of(), problems.stream().distinct().toList());
        assertTrue(dataOk.sum() > 0 && controlStatuses.values().stream().mapToLong(LongAdder::sum).sum() > 0,
                "both backends saw traffic: data " + dataOk.sum() + ", control " + controlStatuses);
        // A call that times out frees its place as its connection is closed, which the backend may learn of after the
        // next call arrived; the breaker lets at most fail-max calls through before those timeouts open it.
        assertTrue(control.mostInFlight() <= MAX_CONCURRENT + CONTROL_FAIL_MAX,
                "calls to the flapping backend stay within its bulkhead: " + control.mostInFlight());
        assertTrue(control.mostConnections() <= MAX_CONCURRENT * EVENT_LOOPS + CONTROL_FAIL_MAX,
                "connections to it within a pool per event loop: " + control.mostConnections());
        assertTrue(ManagementFactory.getThreadMXBean().getThreadCount() < threadsBefore + 50,
                "threads before " + threadsBefore + ", after " + ManagementFactory.getThreadMXBean().getThreadCount());

        MetricsScrape after = MetricsScrape.fetch();
        assertEquals(0.0, after.value("circuit_breaker_events_dropped_total"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> MetricsScrape.fetch().value("circuit_breaker_events_buffered") == 0);
        long counted = Math.round(transitions(MetricsScrape.fetch()) - transitionsBefore);
        assertTrue(counted > 0, "the breaker moved during the run");
        assertEquals(counted, controlTransitionsInRedis(redis), "every transition counted is in the stream");
    }

    /** Every 1.5 s ControlAPI becomes, in turn: healthy, slower than its timeout, failing, gone. */
    private void flap(int tick) {
        switch (tick % 4) {
            case 0 -> control.answer(200, "{\"up\":true}");
            case 1 -> control.answerAfter(Duration.ofSeconds(3), 200, "{\"slow\":true}");
            case 2 -> control.answer(500, "{\"error\":\"down\"}");
            default -> control.answer(response -> response.reset());
        }
    }

    private CompletableFuture<Void> send(String route) {
        Instant started = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + RestAssured.port + "/api/" + route + "/load"))
                .timeout(LONGEST_ANSWER).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                problems.add(route + ": no answer within " + LONGEST_ANSWER + " (" + failure.getClass().getSimpleName()
                        + ")");
            } else if ("data".equals(route)) {
                if (response.statusCode() == 200) {
                    dataOk.increment();
                } else {
                    problems.add("data answered " + response.statusCode() + " while control flapped");
                }
            } else {
                controlStatuses.computeIfAbsent(String.valueOf(response.statusCode()), ignored -> new LongAdder())
                        .increment();
                if (response.body().contains("Internal error")) {
                    problems.add("the gateway failed itself: " + response.body());
                }
            }
            if (Duration.between(started, Instant.now()).compareTo(LONGEST_ANSWER) > 0) {
                problems.add(route + " took longer than " + LONGEST_ANSWER);
            }
            return null;
        });
    }

    private static double transitions(MetricsScrape scrape) {
        double sum = 0;
        for (Map.Entry<String, Double> series : scrape.series().entrySet()) {
            if (series.getKey().startsWith("circuit_breaker_transitions_total{")
                    && series.getKey().contains("service=\"ControlAPI\"")) {
                sum += series.getValue();
            }
        }
        return sum;
    }

    private long controlTransitionsInRedis(RedisServer redis) {
        try (TestRedis connection = TestRedis.connect(redis.url())) {
            return History.transitions(History.read(connection, prefix), "ControlAPI").size();
        }
    }
}
