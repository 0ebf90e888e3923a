package io.breakwater.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The deployment files of the repository, parsed: the kustomize tree under {@code k8s/} and
 * {@code docker-compose.yml}. Paths are relative to the project directory, where Maven runs the tests.
 */
final class Manifests {

    static final Path K8S = Path.of("k8s");
    static final Path GATEWAY = K8S.resolve("gateway");
    static final Path REDIS = K8S.resolve("redis");
    static final Path MONITORING = K8S.resolve("monitoring");
    static final Path RULES_FILE = MONITORING.resolve("breakwater-rules.yml");
    /** The rules' unit tests, for {@code promtool test rules}; no Kubernetes object either. */
    static final Path RULES_TEST_FILE = MONITORING.resolve("breakwater-rules.test.yml");
    static final Path DASHBOARD_FILE = MONITORING.resolve("breakwater-dashboard.json");
    static final Path COMPOSE = Path.of("docker-compose.yml");
    static final Path NATIVE_DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.native-micro");
    static final Path JVM_DOCKERFILE = Path.of("src", "main", "docker", "Dockerfile.jvm");

    static final ObjectMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    /**
     * Every document of a YAML file (a file may hold several, separated by {@code ---}).
     */
    static List<JsonNode> documents(Path file) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode> readValues(Files.readString(file)).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static JsonNode document(Path file) {
        List<JsonNode> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalStateException(file + " holds " + documents.size() + " documents, expected one");
        }
        return documents.get(0);
    }

    /**
     * Every YAML file under {@code k8s/}.
     */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every Kubernetes object written out under {@code k8s/} (kustomizations and the Prometheus rules file and its
     * tests are no such objects; the ConfigMaps and Secret that kustomize generates are not written out).
     */
    static List<JsonNode> kubernetesObjects() {
        return yamlFiles().stream()
                .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                .filter(file -> !file.equals(RULES_FILE) && !file.equals(RULES_TEST_FILE))
                .flatMap(file -> documents(file).stream())
                .toList();
    }

    static JsonNode object(String kind, String name) {
        return kubernetesObjects().stream()
                .filter(object -> kind.equals(object.path("kind").asText())
                        && name.equals(object.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " under " + K8S));
    }

    static JsonNode kustomization(Path directory) {
        return document(directory.resolve("kustomization.yaml"));
    }

    static JsonNode gatewayDeployment() {
        return object("Deployment", "breakwater");
    }

    static JsonNode gatewayContainer() {
        return container(gatewayDeployment(), "gateway");
    }

    static JsonNode container(JsonNode deployment, String name) {
        return StreamSupport.stream(deployment.at("/spec/template/spec/containers").spliterator(), false)
                .filter(container -> name.equals(container.path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in "
                        + deployment.at("/metadata/name").asText()));
    }

    /**
     * The data of a ConfigMap or Secret that {@code directory}'s kustomization generates from env files.
     */
    static Map<String, String> generated(Path directory, String generator, String name) {
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode entry : kustomization(directory).path(generator)) {
            if (name.equals(entry.path("name").asText())) {
                entry.path("envs").forEach(env -> data.putAll(envFile(directory.resolve(env.asText()))));
            }
        }
        if (data.isEmpty()) {
            throw new AssertionError(directory + "/kustomization.yaml generates no " + name + " from env files");
        }
        return data;
    }

    /**
     * The ConfigMap {@code breakwater-config}: every tuning variable.
     */
    static Map<String, String> gatewayConfig() {
        return generated(GATEWAY, "configMapGenerator", "breakwater-config");
    }

    /**
     * The Secret {@code breakwater-secrets}.
     */
    static Map<String, String> gatewaySecrets() {
        return generated(GATEWAY, "secretGenerator", "breakwater-secrets");
    }

    /**
     * A kustomize env file: {@code NAME=value} lines, {@code #} comments and blank lines.
     */
    static Map<String, String> envFile(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals < 1) {
                    throw new IllegalStateException(file + ": not NAME=value: " + line);
                }
                variables.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return variables;
    }

    static JsonNode compose() {
        return document(COMPOSE);
    }

    static JsonNode composeService(String name) {
        JsonNode service = compose().path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return service;
    }

    /**
     * The environment of a compose service, whether written as a map or as a list of {@code NAME=value}.
     */
    static Map<String, String> composeEnvironment(String service) {
        JsonNode environment = composeService(service).path("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment.isArray()) {
            environment.forEach(entry -> {
                String[] nameAndValue = entry.asText().split("=", 2);
                variables.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
            });
        } else {
            environment.properties().forEach(entry -> variables.put(entry.getKey(), entry.getValue().asText()));
        }
        return variables;
    }

    /**
     * The names of the environment variables a container sets one by one ({@code env}).
     */
    static List<String> envNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(env -> names.add(env.path("name").asText()));
        return names;
    }

    static String envValue(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").asText();
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " does not set " + name);
    }

    /**
     * The argument of the last {@code instruction} line of a Dockerfile, e.g. {@code USER} or {@code EXPOSE}.
     */
    static String dockerfileInstruction(Path dockerfile, String instruction) {
        try {
            return Files.readAllLines(dockerfile).stream()
                    .filter(line -> line.startsWith(instruction + " "))
                    .reduce((first, second) -> second)
                    .map(line -> line.substring(instruction.length() + 1).strip())
                    .orElseThrow(() -> new AssertionError(dockerfile + " has no " + instruction));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
