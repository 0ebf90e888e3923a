package io.breakwater.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where a backend's breaker finds its settings: SmallRye Fault Tolerance's keys for {@code <class>/call} lead to the
 * backend's own prefix, its class name in kebab case; every other key stays where it is.
 */
class BreakerSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "quarkus.fault-tolerance.\"io.breakwater.backend.ControlApi/call\".circuit-breaker.delay"
                    + "                    | control-api.reset-timeout",
            "quarkus.fault-tolerance.\"io.breakwater.backend.ControlApi/call\".circuit-breaker.request-volume-threshold"
                    + " | control-api.fail-max",
            "quarkus.fault-tolerance.\"io.breakwater.backend.ControlApi/call\".circuit-breaker.failure-ratio"
                    + "            | control-api.failure-ratio",
            "smallrye.faulttolerance.\"io.breakwater.backend.DataApi/call\".circuit-breaker.delay"
                    + "                    | data-api.reset-timeout",
            // kebab case as SmallRye Config makes it of a mapping's method names
            "quarkus.fault-tolerance.\"com.example.BillingAPIv2/call\".circuit-breaker.delay"
                    + "                    | billing-ap-iv2.reset-timeout",
    })
    void leadsABackendsBreakerKeysToItsOwnPrefix(String key, String relocated) {
        assertEquals(relocated, BreakerSettings.relocate(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "control-api.fail-max",
            "quarkus.http.port",
            "quarkus.fault-tolerance.\"io.breakwater.backend.ControlApi/call\".circuit-breaker.success-threshold",
            "quarkus.fault-tolerance.\"io.breakwater.backend.ControlApi/probe\".circuit-breaker.delay",
            "quarkus.fault-tolerance.\"io.breakwater.backend.ControlApi\".circuit-breaker.delay",
            "quarkus.fault-tolerance.global.circuit-breaker.delay",
            "x.circuit-breaker.delay",
    })
    void leavesEveryOtherKeyWhereItIs(String key) {
        assertEquals(key, BreakerSettings.relocate(key));
    }

    @ParameterizedTest
    @CsvSource({ "io.breakwater.backend.ControlApi, control-api", "io.breakwater.backend.DataApi, data-api" })
    void namesTheDeclaredBackendsPrefixes(String className, String prefix) throws ClassNotFoundException {
        assertEquals(prefix, BreakerSettings.prefixOf(Class.forName(className)));
    }
}
