package io.breakwater.events;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON of what replicas write to Redis: snake_case names and ISO-8601 instants, as the REST endpoints write
 * them ({@code quarkus.jackson.*}), and unknown fields ignored. Set here rather than taken from Quarkus' mapper
 * because it is a contract with other replicas and tools, which a change to the endpoints' JSON must not break, and
 * so that the records' own tests read and write it without starting the application.
 */
final class RedisJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private RedisJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }

    /**
     * @throws IllegalArgumentException if {@code json} is not JSON or not a {@code type}
     */
    static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("null is not a " + type.getSimpleName());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * @return {@code value}'s fields as text, in order, as a stream entry holds them
     */
    static Map<String, String> fields(Object value) {
        return MAPPER.convertValue(value, FIELDS);
    }

    /**
     * @throws IllegalArgumentException if {@code fields} are not a {@code type}'s
     */
    static <T> T fromFields(Map<String, String> fields, Class<T> type) {
        return MAPPER.convertValue(fields, type);
    }
}
