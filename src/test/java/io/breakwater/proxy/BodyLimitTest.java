package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@link BodyLimit}'s filter, run on a request that has only a {@code Content-Length}: its decision is private,
 * so it is reached through the handler the filter registers.
 */
class BodyLimitTest {

    private static final long LIMIT = 1000;

    /** What the filter did with one request: passed it on ({@code status} null) or answered it. */
    private static final class Outcome {
        boolean passedOn;
        Integer status;
        String body;
    }

    private static Outcome filter(Optional<MemorySize> limit, String contentLength) {
        Filters filters = new Filters();
        new BodyLimit(limit, new Refusals()).register(filters);
        Handler<RoutingContext> handler = filters.getFilters().get(0).getHandler();

        Outcome outcome = new Outcome();
        HttpServerResponse response = fake(HttpServerResponse.class, (method, args) -> {
            if (method.equals("setStatusCode")) {
                outcome.status = (Integer) args[0];
            } else if (method.equals("end")) {
                outcome.body = ((Buffer) args[0]).toString();
            }
            return null;
        });
        HttpServerRequest request = fake(HttpServerRequest.class, (method, args) -> switch (method) {
            case "getHeader" -> "content-length".equalsIgnoreCase(args[0].toString()) ? contentLength : null;
            case "response" -> response;
            default -> null; // no connection, no version: nothing to close
        });
        RoutingContext context = fake(RoutingContext.class, (method, args) -> switch (method) {
            case "request" -> request;
            case "response" -> response;
            case "next" -> {
                outcome.passedOn = true;
                yield null;
            }
            default -> throw new UnsupportedOperationException(method);
        });
        handler.handle(context);
        return outcome;
    }

    private interface Answers {
        Object answer(String method, Object[] args);
    }

    /** A fake whose fluent methods return the fake itself. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answers answers) {
        return (T) Proxy.newProxyInstance(BodyLimitTest.class.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    if (method.getName().equals("toString")) {
                        return type.getSimpleName();
                    }
                    Object answer = answers.answer(method.getName(), args);
                    return method.getReturnType().isInstance(proxy) ? proxy : answer;
                });
    }

    private static Outcome filter(String contentLength) {
        return filter(Optional.of(new MemorySize(BigInteger.valueOf(LIMIT))), contentLength);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "1", "999", "1000", " 1000 ", "01000", "-1", "+1000" })
    void passesOnBodiesUpToTheLimit(String contentLength) {
        Outcome outcome = filter(contentLength);

        assertEquals(true, outcome.passedOn, contentLength);
        assertNull(outcome.status, contentLength);
    }

    @ParameterizedTest
    @ValueSource(strings = { "1001", " 1001", "1001\t", "+1001", "0001001", "9223372036854775807" })
    void refusesDeclaredLengthsOverTheLimitWith413(String contentLength) {
        Outcome outcome = filter(contentLength);

        assertEquals(false, outcome.passedOn, contentLength);
        assertEquals(413, outcome.status, contentLength);
        assertEquals(new JsonObject().put("error", "Payload too large")
                .put("detail", "the request body may be at most 1000 bytes"), new JsonObject(outcome.body));
    }

    /** Not a number: left to Netty's parser, which refuses it (and a body without a length is counted as it comes). */
    @ParameterizedTest
    @ValueSource(strings = { "", "abc", "1e6", "1000, 1000", "0x10000", "9223372036854775808",
            "99999999999999999999" })
    void passesOnLengthsItCannotRead(String contentLength) {
        Outcome outcome = filter(contentLength);

        assertEquals(true, outcome.passedOn, contentLength);
        assertNull(outcome.status, contentLength);
    }

    @Test
    void passesOnRequestsWithoutALength() {
        assertEquals(true, filter(null).passedOn);
    }

    @Test
    void hasNoLimitWhenNoneIsConfigured() {
        assertEquals(true, filter(Optional.empty(), "9223372036854775807").passedOn);
    }
}
