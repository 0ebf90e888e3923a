package io.breakwater.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditLogTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "backend fixed            | backend fixed",
            "a\\b                      | a\\\\b",
            "é and ü stay             | é and ü stay",
    })
    void leavesPrintableTextAsItIsButForBackslashes(String text, String logged) {
        assertEquals(logged, AuditLog.escape(text));
    }

    @org.junit.jupiter.api.Test
    void writesLineBreaksAndOtherControlCharactersAsEscapes() {
        assertEquals("ok\\r\\n2026 INFO [io.breakwater.audit] FAKE ENTRY",
                AuditLog.escape("ok\r\n2026 INFO [io.breakwater.audit] FAKE ENTRY"));
        assertEquals("a\\tb\\u0000c\\u001bd\\u0085e\\u2028f", AuditLog.escape("a\tb\u0000c\u001bd\u0085e\u2028f"));
    }
}
