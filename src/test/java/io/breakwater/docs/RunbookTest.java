package io.breakwater.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Every alert leads to its runbook entry: each alerting rule of {@code k8s/monitoring}, in the rules file and in the
 * PrometheusRule made from it, has a {@code runbook_url} that is the path, from the repository's root, of a page of
 * {@code docs/} and a heading of it named after the alert; and every entry under the runbook's "Alerts" is an alert
 * that exists.
 */
class RunbookTest {

    private static final Path RULES = Path.of("k8s", "monitoring", "breakwater-rules.yml");
    private static final Path RUNBOOK = Path.of("docs", "operations.md");
    private static final String ALERTS = "Alerts";

    @ParameterizedTest
    @CsvSource({ "k8s/monitoring/breakwater-rules.yml, /groups", "k8s/monitoring/prometheusrule.yaml, /spec/groups" })
    void everyAlertLeadsToAHeadingOfTheRunbookNamedAfterIt(Path file, String groups) throws IOException {
        List<String> problems = new ArrayList<>();
        List<JsonNode> alerts = alerts(file, groups);
        for (JsonNode rule : alerts) {
            String alert = rule.path("alert").asText();
            String url = rule.at("/annotations/runbook_url").asText("");
            if (url.isEmpty()) {
                problems.add(alert + " has no annotations.runbook_url");
            } else if (!url.matches("docs/[\\w/-]+\\.md#[\\w-]+")) {
                problems.add(alert + ": " + url + " is not docs/<page>.md#<heading>");
            } else {
                MarkdownPage.problem(Path.of(""), Path.of(""), url).ifPresentOrElse(
                        problem -> problems.add(alert + ": " + url + ": " + problem),
                        () -> {
                            String heading = MarkdownPage.read(Path.of(url.substring(0, url.indexOf('#'))))
                                    .heading(url.substring(url.indexOf('#') + 1)).orElseThrow();
                            if (!heading.equals(alert)) {
                                problems.add(alert + ": " + url + " leads to the heading '" + heading + "'");
                            }
                        });
            }
        }

        assertEquals(List.of(), problems, file.toString());
        assertTrue(alerts.size() >= 6, file + ": " + alerts.size() + " alerts");
    }

    @Test
    void everyEntryOfTheRunbooksAlertsIsAnAlert() throws IOException {
        Set<String> alerts = alerts(RULES, "/groups").stream().map(rule -> rule.path("alert").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> entries = MarkdownPage.read(RUNBOOK).entries(ALERTS).stream().map(MarkdownPage.Heading::text)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(alerts, entries, RUNBOOK + ", \"" + ALERTS + "\": one entry per alert of " + RULES);
    }

    @Test
    void takesTheEntriesOfASectionOnly() {
        MarkdownPage page = MarkdownPage.of(RUNBOOK, """
                # Operations
                ## Alerts
                ### First
                #### Detail
                ### Second
                ## Troubleshooting
                ### Not an alert
                """);

        assertEquals(List.of("First", "Second"),
                page.entries(ALERTS).stream().map(MarkdownPage.Heading::text).toList());
    }

    private static List<JsonNode> alerts(Path file, String groups) throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).at(groups)) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(rule);
                }
            }
        }
        return alerts;
    }
}
