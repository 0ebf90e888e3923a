package io.breakwater.deploy;

import static io.breakwater.deploy.Manifests.composeEnvironment;
import static io.breakwater.deploy.Manifests.composeService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docker-compose.yml} fits together and matches the Kubernetes deployment: same image, same port, same
 * hardening, backends and Redis that are services of the file, and a Prometheus that scrapes the gateway and loads
 * the alert rules of {@code k8s/monitoring}.
 */
class ComposeFileTest {

    @Test
    void runsTheImageThatKubernetesRuns() {
        assertEquals(Manifests.gatewayContainer().path("image").asText(),
                composeService("gateway").path("image").asText());
        assertEquals(Manifests.NATIVE_DOCKERFILE.toString(),
                composeService("gateway").at("/build/dockerfile").asText());
    }

    @Test
    void publishesTheGatewaysContainerPort() {
        int port = KubernetesManifestsTest.containerPort(Manifests.gatewayContainer(), "http");

        assertEquals(port + ":" + port, composeService("gateway").at("/ports/0").asText());
    }

    @Test
    void hardensTheGatewayAsKubernetesDoes() {
        JsonNode gateway = composeService("gateway");

        assertEquals(Manifests.dockerfileInstruction(Manifests.NATIVE_DOCKERFILE, "USER"),
                gateway.path("user").asText());
        assertTrue(gateway.path("read_only").asBoolean());
        assertEquals("/tmp", gateway.at("/tmpfs/0").asText());
        assertEquals("ALL", gateway.at("/cap_drop/0").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = { "CONTROL_API_URL", "DATA_API_URL" })
    void sendsEachBackendToADemoServiceOfTheFileOnItsPort(String variable) {
        URI url = URI.create(composeEnvironment("gateway").get(variable));
        JsonNode backend = composeService(url.getHost());

        assertEquals(List.of(String.valueOf(url.getPort())), strings(backend.path("expose")));
        List<String> command = strings(backend.path("command"));
        assertEquals(String.valueOf(url.getPort()), command.get(command.indexOf("--port") + 1));
    }

    @Test
    void pointsTheGatewayAtTheRedisOfTheFileWithItsPassword() {
        URI hosts = URI.create(composeEnvironment("gateway").get("QUARKUS_REDIS_HOSTS"));
        List<String> redis = strings(composeService("redis").path("command"));

        assertEquals("redis", hosts.getHost());
        composeService(hosts.getHost());
        assertEquals(composeEnvironment("gateway").get("QUARKUS_REDIS_PASSWORD"),
                redis.get(redis.indexOf("--requirepass") + 1));
    }

    @Test
    void prometheusScrapesTheGatewayAndLoadsTheAlertRules() {
        JsonNode prometheus = composeService("prometheus");
        List<String> volumes = strings(prometheus.path("volumes"));
        String configMount = mountOf(volumes, Path.of("compose", "prometheus.yml"));
        String rulesMount = mountOf(volumes, Manifests.RULES_FILE);
        JsonNode config = Manifests.document(Path.of("compose", "prometheus.yml"));
        JsonNode scrape = config.at("/scrape_configs/0");

        assertTrue(strings(prometheus.path("command")).contains("--config.file=" + configMount));
        assertEquals(List.of(rulesMount), strings(config.path("rule_files")));
        assertEquals(List.of("gateway:" + KubernetesManifestsTest.containerPort(Manifests.gatewayContainer(), "http")),
                strings(scrape.at("/static_configs/0/targets")));
        assertEquals(Manifests.gatewayDeployment().at("/spec/template/metadata/annotations").path("prometheus.io/path")
                .asText(), scrape.path("metrics_path").asText());
    }

    /**
     * Where a compose volume {@code ./source:target[:mode]} mounts {@code source}.
     */
    private static String mountOf(List<String> volumes, Path source) {
        return volumes.stream()
                .map(volume -> volume.split(":"))
                .filter(parts -> Path.of(parts[0]).normalize().equals(source))
                .map(parts -> parts[1])
                .findFirst()
                .orElseThrow(() -> new AssertionError(source + " is not mounted: " + volumes));
    }

    private static List<String> strings(JsonNode list) {
        return StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).toList();
    }
}
