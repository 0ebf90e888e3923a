package io.breakwater.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.breakwater.AdminConfig;
import io.breakwater.backend.BackendConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;

/**
 * {@code docs/configuration.md} describes every setting. Each property of every {@code @ConfigMapping} interface of
 * the gateway, and each variable of {@code k8s/gateway/config.env} and {@code secrets.env}, has a row in one of the
 * page's tables whose first cell names its environment variable (and, for the gateway's own, its property) and whose
 * second cell gives the default the code has. A backend's settings are written once for all backends, as
 * {@code <PREFIX>FAIL_MAX} ({@code <prefix>.fail-max}), and every backend's prefix is listed.
 */
class ConfigurationPageTest {

    private static final Path PAGE = Path.of("docs", "configuration.md");
    private static final Path CONFIG_ENV = Path.of("k8s", "gateway", "config.env");
    private static final Path SECRETS_ENV = Path.of("k8s", "gateway", "secrets.env");
    private static final String PREFIX = "<PREFIX>";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** Each name written in code in a row's first cell, to that row's cells. */
    private static Map<String, List<String>> rows;
    /** The prefixes written in code anywhere in the page's tables, e.g. {@code CONTROL_API_}. */
    private static Set<String> listedPrefixes;
    private static List<Class<?>> mappings;

    @BeforeAll
    static void readThePageAndFindTheMappings() throws IOException, URISyntaxException {
        rows = new HashMap<>();
        listedPrefixes = new TreeSet<>();
        for (List<String> row : MarkdownPage.read(PAGE).tableRows()) {
            Matcher name = CODE.matcher(row.get(0));
            while (name.find()) {
                rows.put(name.group(1), row);
            }
            for (String cell : row) {
                Matcher prefix = Pattern.compile("`([A-Z][A-Z0-9_]*_)`").matcher(cell);
                while (prefix.find()) {
                    listedPrefixes.add(prefix.group(1));
                }
            }
        }
        Path classes = Path.of(AdminConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            mappings = files.map(classes::relativize).map(Path::toString).filter(file -> file.endsWith(".class"))
                    .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.'))
                    .map(ConfigurationPageTest::load)
                    .filter(type -> type.isInterface() && type.isAnnotationPresent(ConfigMapping.class))
                    .toList();
        }
    }

    @Test
    void findsTheGatewaysConfigMappings() {
        assertTrue(mappings.contains(AdminConfig.class), mappings::toString);
        assertTrue(mappings.stream().filter(BackendConfig.class::isAssignableFrom).count() >= 2, mappings::toString);
        assertTrue(mappings.size() >= 10, mappings::toString);
    }

    @Test
    void everyPropertyOfTheGatewayHasARowWithItsVariablePropertyAndDefault() {
        Map<String, String> problems = new TreeMap<>();
        int properties = 0;
        for (Class<?> type : mappings) {
            String prefix = type.getAnnotation(ConfigMapping.class).prefix();
            boolean backend = BackendConfig.class.isAssignableFrom(type);
            for (Map.Entry<String, Property> entry : ConfigMappings
                    .getProperties(ConfigMappings.ConfigClass.configClass(type, prefix)).entrySet()) {
                properties++;
                // a list, such as gateway.dns.servers[*], is set as a whole, comma-separated
                String property = entry.getKey().replace("[*]", "");
                String variable = backend ? PREFIX + environmentName(property.substring(prefix.length() + 1))
                        : environmentName(property);
                String written = backend ? "<prefix>" + property.substring(prefix.length()) : property;
                List<String> row = rows.get(variable);
                Optional<String> defaultValue = defaultOf(entry.getValue());
                if (row == null) {
                    problems.put(variable, "no row (" + type.getName() + ")");
                } else if (!row.get(0).contains("`" + written + "`")) {
                    problems.put(variable, "its row does not name `" + written + "`: " + row.get(0));
                } else if (defaultValue.isPresent() && !row.get(1).contains("`" + defaultValue.get() + "`")) {
                    problems.put(variable, "its row does not give the default `" + defaultValue.get() + "`: " + row);
                }
            }
        }

        assertEquals(Map.of(), problems, PAGE + ": settings of the gateway it does not describe");
        assertTrue(properties >= 30, properties + " properties");
    }

    @Test
    void everyBackendsPrefixIsListed() {
        Set<String> prefixes = new TreeSet<>();
        mappings.stream().filter(BackendConfig.class::isAssignableFrom)
                .forEach(type -> prefixes.add(environmentName(type.getAnnotation(ConfigMapping.class).prefix()) + "_"));

        Set<String> missing = new TreeSet<>(prefixes);
        missing.removeAll(listedPrefixes);
        assertEquals(Set.of(), missing, PAGE + ": backends whose prefix is not listed");
        assertTrue(prefixes.contains("CONTROL_API_"), prefixes::toString);
    }

    @Test
    void everyVariableOfTheConfigMapAndSecretHasARow() {
        Set<String> missing = new TreeSet<>();
        Set<String> variables = new TreeSet<>();
        variables.addAll(variables(CONFIG_ENV));
        variables.addAll(variables(SECRETS_ENV));
        for (String variable : variables) {
            String written = listedPrefixes.stream().filter(variable::startsWith).findFirst()
                    .map(prefix -> PREFIX + variable.substring(prefix.length())).orElse(variable);
            if (!rows.containsKey(written)) {
                missing.add(variable);
            }
        }

        assertEquals(Set.of(), missing, PAGE + ": variables of " + CONFIG_ENV + " or " + SECRETS_ENV
                + " without a row");
        assertTrue(variables.contains("QUARKUS_REDIS_HOSTS") && variables.contains("GATEWAY_ADMIN_TOKEN"),
                variables::toString);
    }

    /** The default of a property, looking through {@code Optional}. */
    private static Optional<String> defaultOf(Property property) {
        if (property.hasDefaultValue()) {
            return Optional.ofNullable(property.getDefaultValue());
        }
        if (property.isOptional()) {
            return defaultOf(property.asOptional().getNestedProperty());
        }
        return Optional.empty();
    }

    /** The environment variable SmallRye Config reads a property from: upper case, {@code _} for the rest. */
    private static String environmentName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** The names an env file sets, comments and blank lines left out. */
    private static Set<String> variables(Path file) {
        try {
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.substring(0, line.indexOf('=')).strip());
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ConfigurationPageTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name, e);
        }
    }
}
