package io.breakwater.config;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Starts the packaged gateway with one bad setting at a time: it must refuse to start, with a message that names
 * the setting.
 */
class BadConfigurationIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CONTROL_API_FAIL_MAX      | abc                 | control-api.fail-max",
            "CONTROL_API_FAIL_MAX      | 0                   | control-api.fail-max must be at least 1",
            "DATA_API_RESET_TIMEOUT    | -5                  | data-api.reset-timeout must be at least 1",
            "DATA_API_TIMEOUT          | soon                | data-api.timeout",
            "CONTROL_API_URL           | ftp://files.example | control-api.url must be an absolute http",
            "CONTROL_API_URL           | control-api:8080    | control-api.url must be an absolute http",
            "DATA_API_URL              | ''                  | data-api.url",
    })
    void refusesToStartAndNamesTheSetting(String variable, String value, String expectedMessage) throws Exception {
        String output = start(Map.of(variable, value));

        assertTrue(output.contains(expectedMessage), "expected '" + expectedMessage + "' in:\n" + output);
    }

    @org.junit.jupiter.api.Test
    void refusesToStartWithoutABackendUrl() throws Exception {
        String output = start(Map.of("CONTROL_API_URL", "__unset__"));

        assertTrue(output.contains("control-api.url is required"), output);
    }

    private static String start(Map<String, String> overrides) throws IOException, InterruptedException {
        Path log = Files.createTempFile("breakwater-bad-config", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("CONTROL_API_URL", "http://127.0.0.1:9");
        env.put("DATA_API_URL", "http://127.0.0.1:9");
        env.put("QUARKUS_HTTP_PORT", "0");
        overrides.forEach((name, value) -> {
            if ("__unset__".equals(value)) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the gateway started despite " + overrides);
            assertNotEquals(0, process.exitValue());
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
