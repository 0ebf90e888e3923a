package io.breakwater.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Makes every meter, including those of Vert.x, SmallRye Fault Tolerance and the JVM, follow Prometheus' naming
 * rules, so that the scrape passes {@code promtool check metrics}: names and label names in snake_case, a help
 * text on every metric, no double quotes in help texts (which the text format cannot carry), and no unit
 * abbreviations or reserved suffixes in names. Also leaves out meters that cost more on the request path than they
 * tell.
 */
class PrometheusConventions {

    /** JVM meters whose names break the rules, and what they are called instead. */
    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpus");

    /**
     * Leaves out what cannot be written by the rules: long task timers (whose series have no help text of their own)
     * and the JVM's CPU time in nanoseconds (its unit suffix is fixed; {@code process_cpu_usage} remains).
     */
    @Produces
    @Singleton
    MeterFilter unwritableMeters() {
        return MeterFilter.deny(
                id -> id.getType() == Meter.Type.LONG_TASK_TIMER || "process.cpu.time".equals(id.getName()));
    }

    @Produces
    @Singleton
    MeterFilter prometheusConventions() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (followsConventions(id)) {
                    return id;
                }
                String name = RENAMED.getOrDefault(id.getName(), snakeCase(id.getName()));
                List<Tag> tags = new ArrayList<>();
                for (Tag tag : id.getTagsAsIterable()) {
                    tags.add(Tag.of(snakeCase(tag.getKey()), tag.getValue()));
                }
                String description = id.getDescription() == null || id.getDescription().isBlank()
                        ? name.replace('.', ' ')
                        : id.getDescription().replace('"', '\'');
                return new Meter.Id(name, Tags.of(tags), id.getBaseUnit(), description, id.getType());
            }
        };
    }

    /** Most meters need no change; finding that out allocates nothing, as it runs whenever a meter is looked up. */
    private static boolean followsConventions(Meter.Id id) {
        String description = id.getDescription();
        if (RENAMED.containsKey(id.getName()) || hasUpperCase(id.getName()) || description == null
                || description.isBlank() || description.indexOf('"') >= 0) {
            return false;
        }
        for (Tag tag : id.getTagsAsIterable()) {
            if (hasUpperCase(tag.getKey())) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasUpperCase(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isUpperCase(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code executionDuration} becomes {@code execution_duration}; dots, which Micrometer maps itself, stay. */
    static String snakeCase(String name) {
        StringBuilder snake = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && name.charAt(i - 1) != '.' && name.charAt(i - 1) != '_') {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
