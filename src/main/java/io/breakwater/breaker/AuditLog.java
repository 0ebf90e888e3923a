package io.breakwater.breaker;

import org.jboss.logging.Logger;

/**
 * The audit log ({@code io.breakwater.audit}): one line per operator action. Whatever an operator or another replica
 * supplied (a reason, a name, a path) is escaped, so that no value can end its line and write a line of its own.
 */
public final class AuditLog {

    private static final Logger LOG = Logger.getLogger("io.breakwater.audit");

    private AuditLog() {
    }

    public static void info(String format, Object... values) {
        LOG.infof(format, escapeAll(values));
    }

    public static void warn(String format, Object... values) {
        LOG.warnf(format, escapeAll(values));
    }

    /**
     * @return {@code text} with backslashes doubled and control characters (line breaks above all, Unicode's own
     *         line and paragraph separators included) written as {@code \n}, {@code \r}, {@code \t} or
     *         {@code \}{@code uXXXX}
     */
    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c)
                        : null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    private static Object[] escapeAll(Object[] values) {
        Object[] escaped = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            escaped[i] = values[i] == null ? null : escape(values[i].toString());
        }
        return escaped;
    }
}
