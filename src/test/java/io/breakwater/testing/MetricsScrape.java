package io.breakwater.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of the gateway's {@code /metrics} in the Prometheus text format, read into series and values.
 *
 * @param text the scrape as served
 * @param series values by series, written {@code name{label="value",...}} with labels sorted by name
 */
public record MetricsScrape(String text, Map<String, Double> series) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*?),?\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public static MetricsScrape fetch() {
        return parse(given().accept("text/plain").when().get("/metrics").then().statusCode(200).extract().asString());
    }

    /** Reads a scrape in Prometheus' text format. */
    public static MetricsScrape parse(String text) {
        Map<String, Double> series = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                series.put(key(sample.group(1), sample.group(2)), Double.parseDouble(sample.group(3)));
            }
        }
        return new MetricsScrape(text, series);
    }

    /**
     * @param labels alternating label names and values
     * @return the series' value, or {@code NaN} if the scrape has no such series
     */
    public double value(String name, String... labels) {
        return series.getOrDefault(seriesKey(name, labels), Double.NaN);
    }

    /**
     * For a value a test compares with another, where two {@code NaN}s of a missing series would pass for equal.
     *
     * @param labels alternating label names and values
     * @return the series' value
     * @throws AssertionError if the scrape has no such series
     */
    public double required(String name, String... labels) {
        Double value = series.get(seriesKey(name, labels));
        if (value == null) {
            throw new AssertionError("no series " + seriesKey(name, labels) + " in the scrape:\n" + text);
        }
        return value;
    }

    public boolean hasMetric(String name) {
        return series.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
    }

    private static String seriesKey(String name, String... labels) {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            written.append(labels[i]).append("=\"").append(labels[i + 1]).append("\",");
        }
        return key(name, written.toString());
    }

    private static String key(String name, String labels) {
        if (labels == null || labels.isEmpty()) {
            return name;
        }
        Map<String, String> sorted = new TreeMap<>();
        Matcher label = LABEL.matcher(labels);
        while (label.find()) {
            sorted.put(label.group(1), label.group(2));
        }
        StringBuilder key = new StringBuilder(name).append('{');
        sorted.forEach((labelName, value) -> key.append(labelName).append("=\"").append(value).append("\","));
        return key.append('}').toString();
    }
}
