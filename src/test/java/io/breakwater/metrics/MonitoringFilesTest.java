package io.breakwater.metrics;

import static io.breakwater.testing.GatewayCalls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.breakwater.testing.MetricsScrape;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every metric the alert rules and the Grafana dashboard query is one the gateway really exports.
 */
@QuarkusTest
@WithTestResource(StubBackends.class)
class MonitoringFilesTest {

    static final Path RULES = Path.of("k8s", "monitoring", "breakwater-rules.yml");
    static final Path DASHBOARD = Path.of("k8s", "monitoring", "breakwater-dashboard.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset");

    @Test
    void alertRulesQueryOnlyExportedMetrics() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                expressions.add(rule.get("expr").asText());
            }
        }
        assertExported(expressions);
    }

    @Test
    void dashboardQueriesOnlyExportedMetrics() throws IOException {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asText());
            }
        }
        assertExported(expressions);
    }

    @Test
    void findsTheMetricNamesInAnExpression() {
        assertEquals(Set.of("a_total", "b_bucket", "c"), metricNames(
                "sum by (le) (rate(a_total{x=\"y\", z=~\"w|v\"}[5m])) / on (le) histogram_quantile(0.9, b_bucket) or c"));
    }

    private static void assertExported(List<String> expressions) {
        call("/api/control/monitoring").then().statusCode(200);
        call("/api/data/monitoring").then().statusCode(200);
        MetricsScrape scrape = MetricsScrape.fetch();

        Set<String> queried = new TreeSet<>();
        expressions.forEach(expression -> queried.addAll(metricNames(expression)));
        assertFalse(queried.isEmpty(), "no metric found in " + expressions);
        for (String metric : queried) {
            assertTrue(scrape.hasMetric(metric), metric + " is queried but not exported");
        }
    }

    /** The metric names in a PromQL expression: identifiers that are not functions, keywords or label names. */
    static Set<String> metricNames(String expression) {
        String bare = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String word = identifier.group();
            boolean isFunction = bare.substring(identifier.end()).stripLeading().startsWith("(");
            if (!isFunction && !PROMQL_WORDS.contains(word) && !Character.isDigit(word.charAt(0))) {
                names.add(word);
            }
        }
        return names;
    }
}
