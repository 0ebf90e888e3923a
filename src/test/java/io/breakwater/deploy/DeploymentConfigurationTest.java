package io.breakwater.deploy;

import static io.breakwater.deploy.Manifests.composeEnvironment;
import static io.breakwater.deploy.Manifests.composeService;
import static io.breakwater.deploy.Manifests.envNames;
import static io.breakwater.deploy.Manifests.gatewayConfig;
import static io.breakwater.deploy.Manifests.gatewayContainer;
import static io.breakwater.deploy.Manifests.gatewaySecrets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.breakwater.testing.StubBackends;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.SmallRyeConfig;

/**
 * The variables that {@code k8s/} and {@code docker-compose.yml} give the gateway are settings it really has, and
 * every setting of its own reaches the ConfigMap. "Really has" is asked of the running application: the property
 * names of every configuration mapping that SmallRye Config registered (Quarkus' and the gateway's), each turned
 * into its environment variable name as SmallRye Config matches them.
 */
@QuarkusTest
@WithTestResource(StubBackends.class)
class DeploymentConfigurationTest {

    /** Environment variable names of every property the application knows, as patterns ({@code *} = map key). */
    private static Set<Pattern> known;
    /** Environment variable names of the gateway's own properties (control-api.*, gateway.*, ...). */
    private static Set<String> own;
    private static SmallRyeConfig config;

    @BeforeAll
    static void readTheApplicationsConfigurationMappings() throws ReflectiveOperationException {
        config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        // SmallRye Config has no public list of its registered mappings; getMappings() is that list.
        Method getMappings = SmallRyeConfig.class.getDeclaredMethod("getMappings");
        getMappings.setAccessible(true);
        @SuppressWarnings("unchecked")
        Map<Class<?>, Map<String, Object>> mappings = (Map<Class<?>, Map<String, Object>>) getMappings.invoke(config);
        known = new HashSet<>();
        own = new TreeSet<>();
        mappings.forEach((type, byPrefix) -> byPrefix.keySet().forEach(prefix -> ConfigMappings
                .getProperties(ConfigMappings.ConfigClass.configClass(type, prefix)).keySet().forEach(property -> {
                    known.add(environmentName(property));
                    if (type.getName().startsWith("io.breakwater.")) {
                        own.add(environmentName(property).pattern());
                    }
                })));
    }

    @Test
    void everyVariableTheManifestsSetIsASettingOfTheGateway() {
        Set<String> variables = new TreeSet<>();
        variables.addAll(gatewayConfig().keySet());
        variables.addAll(gatewaySecrets().keySet());
        variables.addAll(Manifests.envNames(gatewayContainer()));
        variables.addAll(composeEnvironment("gateway").keySet());

        assertEquals(Set.of(), unknown(variables), "variables the gateway does not know (typo? build-time setting?)");
        assertTrue(variables.contains("CONTROL_API_URL") && variables.contains("QUARKUS_REDIS_HOSTS"),
                variables::toString);
    }

    @Test
    void theConfigMapSetsEverySettingOfTheGatewaysOwn() {
        Set<String> missing = new TreeSet<>(own);
        missing.removeAll(gatewayConfig().keySet());
        missing.removeAll(gatewaySecrets().keySet());
        missing.removeAll(envNames(gatewayContainer()));

        assertEquals(Set.of(), missing,
                "settings missing from k8s/gateway/config.env (or secrets.env, or the container's own env)");
        assertTrue(own.contains("CONTROL_API_FAIL_MAX"), own::toString);
    }

    @Test
    void kubernetesSetsEveryVariableOfTheConfigurationPage() throws IOException {
        Set<String> missing = documentedVariables();
        missing.removeAll(gatewayConfig().keySet());
        missing.removeAll(gatewaySecrets().keySet());
        missing.removeAll(envNames(gatewayContainer()));

        assertEquals(Set.of(), missing, "variables of docs/configuration.md's tables missing from "
                + "k8s/gateway/config.env (or secrets.env, or the container's own env)");
    }

    @Test
    void kubernetesAndComposeRunTheImageTheBuildProduces() {
        String image = config.getValue("quarkus.container-image.image", String.class);

        assertEquals("breakwater/breakwater:" + config.getValue("quarkus.application.version", String.class), image);
        assertEquals(image, gatewayContainer().path("image").asText(), "k8s/gateway/deployment.yaml");
        assertEquals(image, composeService("gateway").path("image").asText(), "docker-compose.yml");
    }

    @Test
    void shutdownLetsCallsInFlightFinishWithinTheGracePeriod() {
        Duration timeout = config.getValue("quarkus.shutdown.timeout", Duration.class);
        Duration delay = DurationConverter
                .parseDuration(Manifests.envValue(gatewayContainer(), "QUARKUS_SHUTDOWN_DELAY"));
        Duration grace = Duration.ofSeconds(
                Manifests.gatewayDeployment().at("/spec/template/spec/terminationGracePeriodSeconds").asLong());
        Duration composeGrace = DurationConverter
                .parseDuration(composeService("gateway").path("stop_grace_period").asText());

        assertEquals("true", config.getConfigValue("quarkus.shutdown.delay-enabled").getRawValue());
        assertTrue(delay.toSeconds() >= 3, "load balancers need a few seconds to let go of a pod: " + delay);
        assertTrue(delay.plus(timeout).plusSeconds(5).compareTo(grace) <= 0,
                "terminationGracePeriodSeconds " + grace + " must exceed delay " + delay + " + timeout " + timeout);
        assertTrue(timeout.plusSeconds(2).compareTo(composeGrace) <= 0, "stop_grace_period " + composeGrace);
        gatewayConfig().forEach((variable, value) -> {
            if (variable.endsWith("_API_TIMEOUT")) {
                assertTrue(Duration.ofSeconds(Long.parseLong(value)).compareTo(timeout) < 0,
                        "a call may take " + variable + "=" + value + " s: quarkus.shutdown.timeout must be longer");
            }
        });
    }

    private static Set<String> unknown(Set<String> variables) {
        Set<String> unknown = new TreeSet<>(variables);
        unknown.removeIf(variable -> known.stream().anyMatch(name -> name.matcher(variable).matches()));
        return unknown;
    }

    /**
     * The environment variable that sets {@code property}: every character but letters and digits becomes
     * {@code _}, letters are upper case; a map key ({@code *}) may be anything, and a list ({@code [*]}) is also set
     * whole.
     */
    private static Pattern environmentName(String property) {
        String name = property.endsWith("[*]") ? property.substring(0, property.length() - 3) : property;
        StringBuilder pattern = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (c == '*') {
                pattern.append("[A-Z0-9_]+");
            } else if (Character.isLetterOrDigit(c)) {
                pattern.append(Character.toUpperCase(c));
            } else {
                pattern.append('_');
            }
        }
        return Pattern.compile(pattern.toString());
    }

    /**
     * The variables named in the first column of the tables of {@code docs/configuration.md}, a backend's
     * {@code <PREFIX>NAME} once for each prefix of its backends table ({@code `CONTROL_API_`}).
     */
    private static Set<String> documentedVariables() throws IOException {
        Set<String> prefixes = new TreeSet<>();
        Set<String> variables = new TreeSet<>();
        for (String line : Files.readString(Path.of("docs", "configuration.md")).split("\n")) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("| `") || cells.length < 3) {
                continue;
            }
            Matcher prefix = Pattern.compile("`([A-Z][A-Z0-9_]*_)`").matcher(line);
            while (prefix.find()) {
                prefixes.add(prefix.group(1));
            }
            Matcher name = Pattern.compile("`(<PREFIX>)?([A-Z][A-Z0-9_]*[A-Z0-9])`").matcher(cells[1]);
            while (name.find()) {
                variables.add(name.group(1) == null ? name.group(2) : "<PREFIX>" + name.group(2));
            }
        }
        Set<String> expanded = new TreeSet<>();
        for (String variable : variables) {
            if (variable.startsWith("<PREFIX>")) {
                prefixes.forEach(prefix -> expanded.add(prefix + variable.substring("<PREFIX>".length())));
            } else {
                expanded.add(variable);
            }
        }
        assertTrue(prefixes.contains("CONTROL_API_") && expanded.contains("DATA_API_FAIL_MAX")
                && expanded.size() >= 40, "docs/configuration.md's tables: " + prefixes + " " + expanded);
        return expanded;
    }
}
