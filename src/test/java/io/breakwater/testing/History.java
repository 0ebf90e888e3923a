package io.breakwater.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;

/**
 * The gateway's history stream, {@code <prefix>:history}, as the tests read it: one entry per transition or
 * operator's override, oldest first.
 */
public final class History {

    /**
     * One entry of the stream.
     *
     * @param id its stream id
     * @param fields its fields: {@code service}, {@code from}, {@code to}, {@code at}, {@code instance}, and
     *        {@code override}, {@code by}, {@code reason} for an override
     */
    public record Entry(String id, Map<String, String> fields) {

        public String get(String field) {
            return fields.get(field);
        }

        public Instant at() {
            return Instant.parse(fields.get("at"));
        }

        /** The move it records, as {@code from>to}, e.g. {@code closed>open}. */
        public String transition() {
            return fields.get("from") + ">" + fields.get("to");
        }

        /** Whether it records a breaker's own transition of {@code service}, not an operator's override. */
        public boolean isTransitionOf(String service) {
            return service.equals(fields.get("service")) && !fields.containsKey("override");
        }
    }

    private History() {
    }

    /** Every entry of the stream under {@code keyPrefix}. */
    public static List<Entry> read(TestRedis redis, String keyPrefix) {
        return range(redis, keyPrefix, "-");
    }

    /** The entries written after the one whose id is {@code id} (from {@link #lastId}). */
    public static List<Entry> readAfter(TestRedis redis, String keyPrefix, String id) {
        return range(redis, keyPrefix, "(" + id);
    }

    /** The id of the stream's last entry, or {@code 0-0}, which comes before any, when it has none. */
    public static String lastId(TestRedis redis, String keyPrefix) {
        Response last = redis.send(Command.XREVRANGE, keyPrefix + ":history", "+", "-", "COUNT", 1);
        return last.size() == 0 ? "0-0" : last.get(0).get(0).toString();
    }

    /** The transitions of {@code service} among {@code entries}, in order, as {@code from>to}; overrides left out. */
    public static List<String> transitions(List<Entry> entries, String service) {
        return entries.stream().filter(entry -> entry.isTransitionOf(service)).map(Entry::transition).toList();
    }

    private static List<Entry> range(TestRedis redis, String keyPrefix, String start) {
        List<Entry> entries = new ArrayList<>();
        for (Response entry : redis.send(Command.XRANGE, keyPrefix + ":history", start, "+")) {
            Response values = entry.get(1);
            Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i += 2) {
                fields.put(values.get(i).toString(), values.get(i + 1).toString());
            }
            entries.add(new Entry(entry.get(0).toString(), fields));
        }
        return entries;
    }
}
