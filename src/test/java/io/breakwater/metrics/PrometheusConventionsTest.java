package io.breakwater.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/** {@link PrometheusConventions#snakeCase}, and the meter filter that applies it to names and label names. */
class PrometheusConventionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "executionDuration              | execution_duration",
            "ft.circuitbreaker.openedTotal  | ft.circuitbreaker.opened_total",
            "aB.cD_eF                       | a_b.c_d_e_f",
            "already_snake.case             | already_snake.case",
            "Leading                        | leading",
            "jvm.Memory                     | jvm.memory",
            "under_Score                    | under_score",
            "http2Requests                  | http2_requests",
            "a__B                           | a__b",
            "kebab-Case                     | kebab-_case",
            "HTTPServer                     | h_t_t_p_server",
            "ABC                            | a_b_c",
            "Ärger                          | ärger",
            "''                             | ''",
    })
    void snakeCase(String name, String expected) {
        assertEquals(expected, PrometheusConventions.snakeCase(name));
    }

    private static final MeterFilter CONVENTIONS = new PrometheusConventions().prometheusConventions();

    @Test
    void leavesAMeterThatFollowsTheConventionsAsItIs() {
        Meter.Id id = new Meter.Id("backend.call.duration", Tags.of("outcome", "successCase"), "seconds",
                "Time per call", Meter.Type.TIMER);

        assertSame(id, CONVENTIONS.map(id));
    }

    @Test
    void snakeCasesNamesAndLabelNamesButNotLabelValues() {
        Meter.Id mapped = CONVENTIONS.map(new Meter.Id("ft.invocationsTotal", Tags.of("fallbackName", "keepIt"),
                null, "Calls", Meter.Type.COUNTER));

        assertEquals("ft.invocations_total", mapped.getName());
        assertEquals(List.of(Tag.of("fallback_name", "keepIt")), mapped.getTags());
        assertEquals("Calls", mapped.getDescription());
        assertEquals(Meter.Type.COUNTER, mapped.getType());
    }

    @Test
    void givesEveryMeterAHelpTextWithoutDoubleQuotes() {
        assertEquals("jvm threads live", CONVENTIONS.map(new Meter.Id("jvm.threads.live", Tags.empty(), null, null,
                Meter.Type.GAUGE)).getDescription());
        assertEquals("jvm threads live", CONVENTIONS.map(new Meter.Id("jvm.threads.live", Tags.empty(), null, " ",
                Meter.Type.GAUGE)).getDescription());
        assertEquals("the 'main' pool", CONVENTIONS.map(new Meter.Id("pool.size", Tags.empty(), null,
                "the \"main\" pool", Meter.Type.GAUGE)).getDescription());
    }

    @Test
    void renamesTheCpuCount() {
        Meter.Id mapped = CONVENTIONS.map(new Meter.Id("system.cpu.count", Tags.empty(), null, "CPUs",
                Meter.Type.GAUGE));

        assertEquals("system.cpus", mapped.getName());
    }
}
