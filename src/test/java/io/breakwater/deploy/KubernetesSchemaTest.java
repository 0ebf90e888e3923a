package io.breakwater.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;

/**
 * Every Kubernetes object of {@code k8s/}, as written and as {@code kubectl kustomize k8s} renders it, loads into
 * the typed model of the Kubernetes API (fabric8's, which also covers the Prometheus Operator's ServiceMonitor and
 * PrometheusRule) with nothing left over: an unknown {@code apiVersion}/{@code kind}, a misspelled or misplaced
 * field, or a value of the wrong type (a number where the API wants a string, as in an env value or an annotation)
 * fails, as the API server would refuse it.
 */
class KubernetesSchemaTest {

    private static final Map<String, Class<?>> TYPES = resourceTypes();
    private static final ObjectMapper STRICT = strictMapper();

    @Test
    void everyObjectWrittenUnderK8sIsValid() {
        List<JsonNode> objects = Manifests.kubernetesObjects();

        assertFalse(objects.isEmpty());
        objects.forEach(KubernetesSchemaTest::assertValid);
    }

    @Test
    void everyObjectKustomizeRendersIsValid() throws Exception {
        List<JsonNode> rendered = kustomize();

        List<String> kinds = rendered.stream().map(object -> object.path("kind").asText()).sorted().toList();
        assertEquals(List.of("ConfigMap", "ConfigMap", "Deployment", "Deployment", "HorizontalPodAutoscaler",
                "NetworkPolicy", "PodDisruptionBudget", "PrometheusRule", "Secret", "Service", "Service",
                "ServiceMonitor"), kinds);
        rendered.forEach(KubernetesSchemaTest::assertValid);
    }

    @Test
    void refusesAMisspelledField() {
        JsonNode deployment = Manifests.gatewayDeployment().deepCopy();
        ((ObjectNode) deployment.path("spec")).put("replicaz", 2);

        AssertionError error = assertThrows(AssertionError.class, () -> assertValid(deployment));
        assertTrue(error.getMessage().contains("replicaz"), error.getMessage());
    }

    @Test
    void refusesANumberWhereTheApiWantsAString() {
        JsonNode deployment = Manifests.gatewayDeployment().deepCopy();
        ((ObjectNode) deployment.at("/spec/template/metadata/annotations"))
                .put("prometheus.io/port", 8080);

        assertThrows(AssertionError.class, () -> assertValid(deployment));
    }

    @Test
    void refusesAnUnknownKind() {
        JsonNode autoscaler = Manifests.object("HorizontalPodAutoscaler", "breakwater").deepCopy();
        ((ObjectNode) autoscaler).put("apiVersion", "autoscaling/v3");

        assertThrows(AssertionError.class, () -> assertValid(autoscaler));
    }

    private static void assertValid(JsonNode object) {
        String type = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        String name = type + " " + object.at("/metadata/name").asText();
        Class<?> model = TYPES.get(type);
        if (model == null) {
            throw new AssertionError(name + ": no such kind in the Kubernetes API");
        }
        try {
            STRICT.treeToValue(object, model);
        } catch (IOException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code kubectl kustomize k8s}, as a user deploys it. Without kubectl this test is skipped, except in CI.
     */
    private static List<JsonNode> kustomize() throws Exception {
        Path output = Files.createTempFile("breakwater-kustomize", ".yaml");
        try {
            Process kubectl;
            try {
                kubectl = new ProcessBuilder("kubectl", "kustomize", Manifests.K8S.toString())
                        .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException notInstalled) {
                if (System.getenv("CI") != null) {
                    throw new AssertionError("CI needs kubectl to render k8s/", notInstalled);
                }
                Assumptions.abort("kubectl is not installed: " + notInstalled.getMessage());
                throw notInstalled;
            }
            assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize did not finish");
            assertEquals(0, kubectl.exitValue(), "kubectl kustomize k8s failed");
            return Manifests.documents(output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * {@code "<apiVersion> <kind>"} to model class, for every resource the model jars on the class path register.
     */
    private static Map<String, Class<?>> resourceTypes() {
        Map<String, Class<?>> types = new HashMap<>();
        try {
            Enumeration<URL> lists = KubernetesSchemaTest.class.getClassLoader()
                    .getResources("META-INF/services/" + KubernetesResource.class.getName());
            for (URL list : Collections.list(lists)) {
                for (String className : lines(list)) {
                    Class<?> type = Class.forName(className);
                    if (HasMetadata.class.isAssignableFrom(type)) {
                        types.put(HasMetadata.getApiVersion(type) + " " + HasMetadata.getKind(type), type);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return types;
    }

    private static List<String> lines(URL list) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String className = line.replaceAll("#.*", "").strip();
                if (!className.isEmpty()) {
                    lines.add(className);
                }
            }
        }
        return lines;
    }

    /**
     * A mapper that refuses what the API server refuses: the model classes keep unknown fields in an "additional
     * properties" map, so their any-setter is removed; and no value is converted from one JSON type to another.
     */
    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .registerModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                    @Override
                    public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                            BeanDeserializerBuilder builder) {
                        builder.setAnySetter(null);
                        builder.setIgnoreUnknownProperties(false);
                        return builder;
                    }
                }));
        for (LogicalType type : LogicalType.values()) {
            for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                    CoercionInputShape.Boolean, CoercionInputShape.String)) {
                mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
            }
        }
        return mapper;
    }
}
