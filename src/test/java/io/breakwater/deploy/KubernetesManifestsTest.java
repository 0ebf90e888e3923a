package io.breakwater.deploy;

import static io.breakwater.deploy.Manifests.container;
import static io.breakwater.deploy.Manifests.gatewayConfig;
import static io.breakwater.deploy.Manifests.gatewayContainer;
import static io.breakwater.deploy.Manifests.gatewayDeployment;
import static io.breakwater.deploy.Manifests.gatewaySecrets;
import static io.breakwater.deploy.Manifests.object;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The objects under {@code k8s/} fit together: selectors find the pods, ports and names that one object gives
 * another exist there, every file is deployed, and the gateway runs locked down.
 */
class KubernetesManifestsTest {

    @Test
    void everyFileUnderK8sIsPartOfItsKustomization() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.equals("kustomization.yaml") || file.equals(Manifests.RULES_FILE)
                        || file.equals(Manifests.RULES_TEST_FILE)) {
                    continue;
                }
                if (!mentions(Manifests.kustomization(file.getParent()), name)) {
                    missing.add(file.toString());
                }
            }
        }
        assertEquals(List.of(), missing, "files that no kustomization deploys");
        for (JsonNode directory : Manifests.kustomization(Manifests.K8S).path("resources")) {
            assertTrue(Files.isDirectory(Manifests.K8S.resolve(directory.asText())), directory.asText());
        }
    }

    @Test
    void theGatewayServiceSelectsTheGatewayPodsOnTheirHttpPort() {
        JsonNode deployment = gatewayDeployment();
        JsonNode service = object("Service", "breakwater");

        assertSelects(service.at("/spec/selector"), deployment);
        assertSelects(deployment.at("/spec/selector/matchLabels"), deployment);
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
        assertEquals(8080, containerPort(gatewayContainer(), "http"));
        assertEquals(8080, service.at("/spec/ports/0/port").asInt());
    }

    @Test
    void theGatewayListensOnTheContainerPortEverywhere() {
        int port = containerPort(gatewayContainer(), "http");
        JsonNode annotations = gatewayDeployment().at("/spec/template/metadata/annotations");

        assertAll(
                () -> assertEquals(String.valueOf(port), gatewayConfig().get("QUARKUS_HTTP_PORT"),
                        "QUARKUS_HTTP_PORT in config.env"),
                () -> assertEquals(String.valueOf(port), annotations.path("prometheus.io/port").asText()),
                () -> assertEquals(String.valueOf(port),
                        Manifests.dockerfileInstruction(Manifests.NATIVE_DOCKERFILE, "EXPOSE")),
                () -> assertEquals(String.valueOf(port),
                        Manifests.dockerfileInstruction(Manifests.JVM_DOCKERFILE, "EXPOSE")));
    }

    @Test
    void probesAskQuarkusHealthOnTheHttpPort() {
        JsonNode container = gatewayContainer();

        assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("http", container.path(probe).at("/httpGet/port").asText(), probe);
        }
    }

    @Test
    void atLeastTwoReplicasRunAndOneSurvivesADisruption() {
        JsonNode deployment = gatewayDeployment();
        JsonNode autoscaler = object("HorizontalPodAutoscaler", "breakwater");
        JsonNode budget = object("PodDisruptionBudget", "breakwater");

        assertTrue(deployment.at("/spec/replicas").asInt() >= 2);
        assertEquals("Deployment", autoscaler.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("breakwater", autoscaler.at("/spec/scaleTargetRef/name").asText());
        assertTrue(autoscaler.at("/spec/minReplicas").asInt() >= 2);
        assertTrue(autoscaler.at("/spec/maxReplicas").asInt() > autoscaler.at("/spec/minReplicas").asInt());
        assertSelects(budget.at("/spec/selector/matchLabels"), deployment);
        assertTrue(budget.at("/spec/minAvailable").asInt() >= 1);
        assertTrue(budget.at("/spec/minAvailable").asInt() < autoscaler.at("/spec/minReplicas").asInt(),
                "a budget as large as the replica count blocks every node drain");
    }

    @Test
    void theGatewayRunsAsTheImagesUserWithNothingWritableButTmp() {
        JsonNode pod = gatewayDeployment().at("/spec/template/spec");
        JsonNode container = gatewayContainer();

        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertEquals(Manifests.dockerfileInstruction(Manifests.NATIVE_DOCKERFILE, "USER"),
                pod.at("/securityContext/runAsUser").asText());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asText());
        assertEquals("/tmp", container.at("/volumeMounts/0/mountPath").asText());
        assertEquals(container.at("/volumeMounts/0/name").asText(), pod.at("/volumes/0/name").asText());
        assertTrue(pod.at("/volumes/0/emptyDir").isObject());
    }

    @Test
    void eachReplicaIsNamedAfterItsPod() {
        JsonNode instanceId = null;
        for (JsonNode env : gatewayContainer().path("env")) {
            if (env.path("name").asText().equals("GATEWAY_INSTANCE_ID")) {
                instanceId = env;
            }
        }

        assertNotNull(instanceId, "GATEWAY_INSTANCE_ID is not set");
        assertEquals("metadata.name", instanceId.at("/valueFrom/fieldRef/fieldPath").asText());
    }

    @Test
    void theGatewayTakesItsSettingsFromTheGeneratedConfigMapAndSecret() {
        JsonNode envFrom = gatewayContainer().path("envFrom");

        assertEquals("breakwater-config", envFrom.at("/0/configMapRef/name").asText());
        assertEquals("breakwater-secrets", envFrom.at("/1/secretRef/name").asText());
        assertEquals(Set.of("QUARKUS_REDIS_PASSWORD", "GATEWAY_ADMIN_TOKEN"), gatewaySecrets().keySet());
        assertTrue(gatewaySecrets().values().stream().allMatch(String::isEmpty),
                "the base ships no secret values; overlays set them");
    }

    @Test
    void theGatewayFindsTheInClusterRedisAndRedisTheGatewaysPassword() {
        JsonNode redis = object("Deployment", "breakwater-redis");
        JsonNode service = object("Service", "breakwater-redis");
        JsonNode policy = object("NetworkPolicy", "breakwater-redis");
        URI hosts = URI.create(gatewayConfig().get("QUARKUS_REDIS_HOSTS"));

        assertEquals("redis", hosts.getScheme());
        assertEquals(service.at("/metadata/name").asText(), hosts.getHost());
        assertEquals(service.at("/spec/ports/0/port").asInt(), hosts.getPort());
        assertSelects(service.at("/spec/selector"), redis);
        assertEquals(6379, containerPort(container(redis, "redis"), service.at("/spec/ports/0/targetPort").asText()));
        assertSelects(policy.at("/spec/podSelector/matchLabels"), redis);
        assertSelects(policy.at("/spec/ingress/0/from/0/podSelector/matchLabels"), gatewayDeployment());

        JsonNode password = container(redis, "redis").path("env").get(0);
        assertEquals("breakwater-secrets", password.at("/valueFrom/secretKeyRef/name").asText());
        assertTrue(gatewaySecrets().containsKey(password.at("/valueFrom/secretKeyRef/key").asText()));
        assertTrue(container(redis, "redis").path("args").toString()
                .contains("\"$(" + password.path("name").asText() + ")\""));
    }

    @Test
    void prometheusScrapesWhatTheServiceOffers() {
        JsonNode monitor = object("ServiceMonitor", "breakwater");
        JsonNode service = object("Service", "breakwater");
        JsonNode annotations = gatewayDeployment().at("/spec/template/metadata/annotations");

        assertSelects(monitor.at("/spec/selector/matchLabels"), service.path("metadata"));
        assertEquals(service.at("/spec/ports/0/name").asText(), monitor.at("/spec/endpoints/0/port").asText());
        assertEquals(annotations.path("prometheus.io/path").asText(), monitor.at("/spec/endpoints/0/path").asText());
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
    }

    @Test
    void thePrometheusRuleCarriesTheGroupsOfTheRulesFile() {
        JsonNode rulesFile = Manifests.document(Manifests.RULES_FILE);
        JsonNode rule = object("PrometheusRule", "breakwater");

        assertEquals(rulesFile.path("groups"), rule.at("/spec/groups"),
                "prometheusrule.yaml must carry exactly the groups of breakwater-rules.yml");
        assertEquals(Set.of("groups"), fieldNames(rulesFile));
    }

    @Test
    void theRulesFileAlertsOnBreakersOnCallsAndOnLostEvents() {
        Map<String, String> alerts = new HashMap<>();
        for (JsonNode group : Manifests.document(Manifests.RULES_FILE).path("groups")) {
            group.path("rules").forEach(rule -> alerts.put(rule.path("alert").asText(), rule.path("expr").asText()));
        }

        Map.of("CircuitBreakerOpen", "circuit_breaker_state",
                "CircuitBreakerHighFailureRate", "circuit_breaker_failures_total",
                "CircuitBreakerFlapping", "circuit_breaker_transitions_total",
                "GatewayRejectingCalls", "circuit_breaker_rejected_total",
                "BreakerEventsWaitingForRedis", "circuit_breaker_events_buffered",
                "BreakerEventsDropped", "circuit_breaker_events_dropped_total")
                .forEach((alert, metric) -> assertTrue(alerts.getOrDefault(alert, "").contains(metric),
                        () -> alert + " must query " + metric + ": " + alerts));
    }

    @Test
    void theDashboardConfigMapIsGeneratedFromTheDashboardFileForGrafanasSidecar() throws IOException {
        JsonNode generator = Manifests.kustomization(Manifests.MONITORING).at("/configMapGenerator/0");
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Manifests.DASHBOARD_FILE));

        assertEquals("breakwater-dashboard", generator.path("name").asText());
        assertEquals(Manifests.DASHBOARD_FILE.getFileName().toString(), generator.at("/files/0").asText());
        assertEquals("1", generator.at("/options/labels/grafana_dashboard").asText());
        assertFalse(dashboard.path("title").asText().isEmpty());
        assertTrue(dashboard.path("panels").size() > 0);
    }

    private static boolean mentions(JsonNode kustomization, String fileName) {
        return kustomization.findValues("resources").stream().anyMatch(list -> contains(list, fileName))
                || kustomization.findValues("envs").stream().anyMatch(list -> contains(list, fileName))
                || kustomization.findValues("files").stream().anyMatch(list -> contains(list, fileName));
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode item : list) {
            if (item.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " has no port named " + name);
    }

    /**
     * Every label of {@code selector} is on {@code target}: a workload's pod template, or the metadata of an object.
     */
    private static void assertSelects(JsonNode selector, JsonNode target) {
        JsonNode labels = target.has("spec") ? target.at("/spec/template/metadata/labels") : target.path("labels");
        assertFalse(selector.isEmpty(), "empty selector");
        selector.properties().forEach(label -> assertEquals(label.getValue().asText(),
                labels.path(label.getKey()).asText(null), "label " + label.getKey() + " of selector " + selector));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
