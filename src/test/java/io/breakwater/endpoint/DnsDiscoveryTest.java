package io.breakwater.endpoint;

import static io.breakwater.testing.DnsBackends.FIRST;
import static io.breakwater.testing.DnsBackends.IPV6;
import static io.breakwater.testing.DnsBackends.NAME;
import static io.breakwater.testing.DnsBackends.SECOND;
import static io.breakwater.testing.GatewayCalls.call;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.breakwater.testing.DnsBackends;
import io.breakwater.testing.Dnsmasq;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * ControlAPI found by DNS, against a real DNS server (dnsmasq) and two stubs on one port at two loopback addresses
 * ({@link DnsBackends}): the gateway sends calls only where the name's A records say, and follows a record added or
 * removed within a few seconds, its health endpoint listing the endpoints it found.
 */
@QuarkusTest
@WithTestResource(DnsBackends.class)
@EnabledIf(value = "io.breakwater.testing.Dnsmasq#canRun", disabledReason = "dnsmasq is not installed")
class DnsDiscoveryTest {

    /**
     * Discovery asks every second: a record changed shows in the gateway within two seconds or so, and within this
     * on a loaded machine.
     */
    private static final Duration FOLLOWS_WITHIN = Duration.ofSeconds(10);
    private static final int CALLS = 20;

    @Stub(value = "ControlAPI", address = FIRST)
    StubBackend first;

    @Stub(value = "ControlAPI", address = SECOND)
    StubBackend second;

    @Stub(value = "ControlAPI", address = IPV6)
    StubBackend ipv6;

    Dnsmasq dns;

    @BeforeEach
    void resetStubs() {
        first.reset();
        second.reset();
        ipv6.reset();
        // REST Assured's first call loads Groovy, seconds on a loaded machine, which must not count against
        // FOLLOWS_WITHIN
        endpointUrls();
    }

    @Test
    void callsReachOnlyTheEndpointTheRecordNames() {
        dns.answer(NAME, FIRST);
        awaitEndpoints(first);
        first.reset();

        for (int i = 0; i < CALLS; i++) {
            call("/api/control/only-first").then().statusCode(200);
        }

        assertEquals(CALLS, first.calls());
        assertEquals(0, second.calls(), "no record names " + SECOND);
    }

    @Test
    void callsReachAnEndpointOfAnAaaaRecord() {
        dns.answer(NAME, FIRST, IPV6);
        awaitEndpoints(first, ipv6);

        for (int i = 0; i < CALLS; i++) {
            call("/api/control/ipv6").then().statusCode(200);
        }
        assertTrue(first.calls() > 0 && ipv6.calls() > 0,
                "the calls are spread over IPv4 and IPv6 pods: " + first.calls() + " and " + ipv6.calls());
        assertEquals(CALLS, first.calls() + ipv6.calls());
        assertEquals(0, second.calls());
    }

    @Test
    void callsReachAnEndpointWhoseRecordIsAdded() {
        dns.answer(NAME, FIRST);
        awaitEndpoints(first);
        second.reset();

        dns.answer(NAME, FIRST, SECOND);

        await("a call to reach " + SECOND).atMost(FOLLOWS_WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
            call("/api/control/until-second").then().statusCode(200);
            return second.calls() > 0;
        });
        assertEquals(urls(first, second), endpointUrls(), "the health endpoint lists both");
        first.reset();
        second.reset();
        for (int i = 0; i < CALLS; i++) {
            call("/api/control/both").then().statusCode(200);
        }
        assertTrue(first.calls() > 0 && second.calls() > 0,
                "the calls are spread over both: " + first.calls() + " and " + second.calls());
        assertEquals(CALLS, first.calls() + second.calls());
    }

    @Test
    void callsStopReachingAnEndpointWhoseRecordIsRemoved() {
        dns.answer(NAME, FIRST, SECOND);
        awaitEndpoints(first, second);

        dns.answer(NAME, SECOND);

        awaitEndpoints(second);
        first.reset();
        second.reset();
        for (int i = 0; i < CALLS; i++) {
            call("/api/control/only-second").then().statusCode(200);
        }
        assertEquals(0, first.calls(), "the record of " + FIRST + " is gone");
        assertEquals(CALLS, second.calls());
    }

    @Test
    void eachEndpointIsSentTheHostOfTheUrl() {
        dns.answer(NAME, FIRST, SECOND);
        awaitEndpoints(first, second);

        await("calls to reach both").atMost(FOLLOWS_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
            call("/api/control/host").then().statusCode(200);
            return first.calls() > 0 && second.calls() > 0;
        });

        String host = NAME + ":" + first.port();
        for (StubBackend stub : List.of(first, second)) {
            for (StubBackend.Received received : stub.received()) {
                assertEquals(host, received.headers().get("Host"), "the Host " + stub.host() + " was sent");
            }
        }
    }

    @Test
    void healthShowsEachEndpointServing() {
        dns.answer(NAME, FIRST, SECOND);
        awaitEndpoints(first, second);

        JsonPath health = given().when().get("/health/circuit-breakers").then().statusCode(200).extract().jsonPath();

        assertEquals(List.of("serving", "serving"),
                health.getList("circuit_breakers.ControlAPI.endpoints.state", String.class));
        assertEquals(Arrays.asList(null, null), health.getList("circuit_breakers.ControlAPI.endpoints.ejected_until"));
        assertEquals(List.of(0, 0),
                health.getList("circuit_breakers.ControlAPI.endpoints.consecutive_failures", Integer.class));
    }

    /** Waits until the gateway's health endpoint lists exactly the endpoints of {@code stubs} for ControlAPI. */
    private static void awaitEndpoints(StubBackend... stubs) {
        Set<String> expected = urls(stubs);
        await("ControlAPI's endpoints in /health/circuit-breakers to be " + expected).atMost(FOLLOWS_WITHIN)
                .pollInterval(Duration.ofMillis(100)).until(DnsDiscoveryTest::endpointUrls, expected::equals);
    }

    private static Set<String> urls(StubBackend... stubs) {
        return Arrays.stream(stubs).map(StubBackend::url).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The URLs of ControlAPI's endpoints in {@code /health/circuit-breakers}. */
    private static Set<String> endpointUrls() {
        return new TreeSet<>(given().when().get("/health/circuit-breakers").then().extract().jsonPath()
                .getList("circuit_breakers.ControlAPI.endpoints.url", String.class));
    }
}
