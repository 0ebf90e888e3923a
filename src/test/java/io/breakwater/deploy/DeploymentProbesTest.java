package io.breakwater.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What Kubernetes and Prometheus will ask the gateway, asked of the running gateway: the probe paths of the
 * Deployment answer 200 UP, and every path Prometheus is told to scrape answers with the metrics the alert rules
 * query. {@link DeploymentProbesIT} asks the same of the packaged application.
 */
@QuarkusTest
@WithTestResource(StubBackends.class)
class DeploymentProbesTest {

    private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.9,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "bool", "offset");

    @ParameterizedTest
    @ValueSource(strings = { "startupProbe", "livenessProbe", "readinessProbe" })
    void answersTheDeploymentsProbesWithUp(String probe) {
        String path = Manifests.gatewayContainer().path(probe).at("/httpGet/path").asText();

        given().when().get(path)
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void servesTheAlertedMetricsWherePrometheusScrapes() {
        Set<String> metrics = alertedMetrics();
        List<String> paths = scrapePaths();

        for (String path : paths) {
            // asked as Prometheus asks
            String exposition = given().accept(PROMETHEUS_ACCEPT).when().get(path)
                    .then().statusCode(200)
                    .contentType(anyOf(startsWith("text/plain"), startsWith("application/openmetrics-text")))
                    .extract().asString();
            for (String metric : metrics) {
                boolean exposed = Pattern.compile("(?m)^" + metric + "[{ ]").matcher(exposition).find();
                assertTrue(exposed, path + " does not expose " + metric + ", which the alert rules query");
            }
        }
    }

    /**
     * The paths of the pod annotations, the ServiceMonitor and docker-compose's Prometheus.
     */
    private static List<String> scrapePaths() {
        List<String> paths = new ArrayList<>();
        paths.add(Manifests.gatewayDeployment().at("/spec/template/metadata/annotations").path("prometheus.io/path")
                .asText());
        paths.add(Manifests.object("ServiceMonitor", "breakwater").at("/spec/endpoints/0/path").asText());
        paths.add(Manifests.document(Path.of("compose", "prometheus.yml")).at("/scrape_configs/0/metrics_path")
                .asText());
        paths.forEach(path -> assertTrue(path.startsWith("/"), paths::toString));
        return paths;
    }

    /**
     * The metric names in the expressions of the alert rules: what is left of an expression without its strings,
     * label matchers, ranges, grouping clauses, function calls, keywords and numbers.
     */
    static Set<String> alertedMetrics() {
        Set<String> metrics = new TreeSet<>();
        for (JsonNode group : Manifests.document(Manifests.RULES_FILE).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText()
                        .replaceAll("\"(\\\\.|[^\"])*\"", " ")
                        .replaceAll("\\{[^}]*}", " ")
                        .replaceAll("\\[[^]]*]", " ")
                        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
                Matcher name = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?").matcher(expr);
                while (name.find()) {
                    if (name.group(2) == null && !PROMQL_WORDS.contains(name.group(1))) {
                        metrics.add(name.group(1));
                    }
                }
            }
        }
        assertEquals(Set.of("circuit_breaker_events_buffered", "circuit_breaker_events_dropped_total",
                "circuit_breaker_failures_total", "circuit_breaker_rejected_total", "circuit_breaker_state",
                "circuit_breaker_transitions_total"),
                metrics.stream().filter(metric -> metric.startsWith("circuit_breaker_"))
                        .collect(Collectors.toSet()));
        return metrics;
    }
}
