package io.breakwater.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.breakwater.testing.GatewayProcess;

/**
 * Starts the packaged gateway with one bad setting at a time: it must refuse to start, with a message that names
 * the setting.
 */
class BadConfigurationIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CONTROL_API_FAIL_MAX      | abc                 | control-api.fail-max",
            "CONTROL_API_FAIL_MAX      | 0                   | control-api.fail-max must be at least 1",
            "DATA_API_RESET_TIMEOUT    | -5                  | data-api.reset-timeout must be at least 1",
            "CONTROL_API_FAILURE_RATIO | 0                   | control-api.failure-ratio must be more than 0 and at most 1",
            "DATA_API_FAILURE_RATIO    | 1.5                 | data-api.failure-ratio must be more than 0 and at most 1",
            "CONTROL_API_RESET_TIMEOUT_MAX | 10              | control-api.reset-timeout-max must be at least "
                    + "control-api.reset-timeout (30), but was 10",
            "DATA_API_TIMEOUT          | soon                | data-api.timeout",
            "CONTROL_API_SLOW_CALL_THRESHOLD | 0s            | control-api.slow-call-threshold must be more than 0",
            "DATA_API_SLOW_CALL_THRESHOLD | 10s              | data-api.slow-call-threshold must be less than "
                    + "data-api.timeout (10 s), but was 10000 ms",
            "DATA_API_SLOW_CALL_THRESHOLD | later            | data-api.slow-call-threshold",
            "CONTROL_API_URL           | ftp://files.example | control-api.url 'ftp://files.example' is not an absolute http",
            "CONTROL_API_URL           | control-api:8080    | control-api.url 'control-api:8080' is not an absolute http",
            "CONTROL_API_URL           | http://a b          | control-api.url 'http://a b' is not a URL",
            "CONTROL_API_MAX_CONCURRENT | 0                  | control-api.max-concurrent must be at least 1",
            "DATA_API_URL              | ''                  | data-api.url",
            "DATA_API_BODY_IDLE_TIMEOUT | 0                  | data-api.body-idle-timeout must be at least 1",
            "CONTROL_API_CONNECTION_POOL_SIZE | 50           | control-api.connection-pool-size must be at least "
                    + "control-api.max-concurrent (200), but was 50",
            "CONTROL_API_URL | 'http://a:8080/v1,http://b:8080/v2' | control-api.url 'http://b:8080/v2' differs from "
                    + "the first URL in scheme, path or credentials",
            "CONTROL_API_EJECT_TIME_MAX | 10s                | control-api.eject-time-max must be at least "
                    + "control-api.eject-time (30 s), but was 10 s",
            "DATA_API_EJECT_AFTER      | 0                   | data-api.eject-after must be at least 1",
            "DATA_API_MAX_EJECTED_PERCENT | 101              | data-api.max-ejected-percent must be between 0 and 100",
            "CONTROL_API_RETRY_BUDGET  | 2                   | control-api.retry-budget must be between 0 and 1",
            "CONTROL_API_LOAD_BALANCER | random              | control-api.load-balancer",
            "DATA_API_DISCOVERY        | consul              | data-api.discovery",
            "GATEWAY_FRONT_DOOR_SEND_BUFFER | 1K             | gateway.front-door.send-buffer must be between 4K and 1G, "
                    + "but was 1024 bytes",
    })
    void refusesToStartAndNamesTheSetting(String variable, String value, String expectedMessage) throws Exception {
        String output = start(Map.of(variable, value));

        assertTrue(output.contains(expectedMessage), "expected '" + expectedMessage + "' in:\n" + output);
    }

    @Test
    void refusesASamplingRatioThatIsNoNumberWhenTracingIsOn() throws Exception {
        String output = start(Map.of("QUARKUS_OTEL_SDK_DISABLED", "false", "QUARKUS_OTEL_TRACES_SAMPLER_ARG", "lots"));

        assertTrue(output.contains("otel.traces.sampler.arg=lots. Must be a double"), output);
    }

    @Test
    void neverShowsThePasswordOfABackendUrl() throws Exception {
        String output = start(Map.of("DATA_API_URL", "ftp://operator:hunter2@files.internal/data"));

        assertTrue(output.contains("data-api.url 'ftp://operator:***@files.internal/data' is not an absolute http"),
                output);
        assertFalse(output.contains("hunter2"), output);
    }

    @Test
    void refusesToStartWithATlsConfigurationThatDoesNotExist() throws Exception {
        String output = start(Map.of("DATA_API_URL", "https://data-api:8443",
                "DATA_API_TLS_CONFIGURATION_NAME", "data-api-ca"));

        assertTrue(output.contains("data-api.tls-configuration-name names no TLS configuration"), output);
    }

    @Test
    void refusesToStartWithoutABackendUrl() throws Exception {
        Map<String, String> unset = new HashMap<>();
        unset.put("CONTROL_API_URL", null);
        String output = start(unset);

        assertTrue(output.contains("control-api.url is required"), output);
    }

    private static String start(Map<String, String> overrides) throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("CONTROL_API_URL", "http://127.0.0.1:9");
        environment.put("DATA_API_URL", "http://127.0.0.1:9");
        environment.putAll(overrides);
        try (GatewayProcess gateway = GatewayProcess.start(environment)) {
            assertNotEquals(0, gateway.awaitExit(Duration.ofSeconds(60)), "the gateway started despite " + overrides);
            return gateway.output();
        }
    }
}
