package io.breakwater.proxy;

import static io.breakwater.testing.GatewayCalls.call;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.breakwater.backend.CallOutcome;
import io.breakwater.testing.Stub;
import io.breakwater.testing.StubBackend;
import io.breakwater.testing.StubBackends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * A client has a good answer whole only once the breaker has counted the call, so that a client calling again at once
 * finds the breaker, and its counts, as that call left them: the end of a chunked answer waits for the count, and so
 * does the last chunk of an answer of declared length, which is whole with its last byte. Each answer comes in two
 * parts, so that its last part reaches the gateway by itself.
 */
@QuarkusTest
@WithTestResource(StubBackends.class)
class CountedBeforeAnsweredTest {

    private static final String BODY = "{\"counted\":\"first\"}";

    @Stub("ControlAPI")
    StubBackend control;

    @BeforeEach
    void resetStub() {
        control.reset();
    }

    @AfterEach
    void disarm() {
        SlowCallCount.disarm();
    }

    @Test
    void anAnswerOfDeclaredLengthArrivesWholeOnlyOnceCounted() {
        control.answer(inTwoParts(response -> response.putHeader("Content-Length", String.valueOf(BODY.length()))));
        SlowCallCount.arm("ControlAPI");

        call("/api/control/declared").then().statusCode(200)
                .header("Content-Length", String.valueOf(BODY.length()))
                .body("counted", equalTo("first"));

        assertEquals(CallOutcome.SUCCESS, SlowCallCount.counted());
    }

    @Test
    void aChunkedAnswerArrivesWholeOnlyOnceCounted() {
        control.answer(inTwoParts(response -> response.setChunked(true)));
        SlowCallCount.arm("ControlAPI");

        call("/api/control/chunked").then().statusCode(200)
                .header("Transfer-Encoding", "chunked")
                .body("counted", equalTo("first"));

        assertEquals(CallOutcome.SUCCESS, SlowCallCount.counted());
    }

    /** Sends {@link #BODY} in two parts, 50 ms apart, framed by {@code framing}. */
    private static Consumer<HttpServerResponse> inTwoParts(Consumer<HttpServerResponse> framing) {
        return response -> {
            framing.accept(response.putHeader("Content-Type", "application/json"));
            Vertx vertx = Vertx.currentContext().owner();
            response.write(BODY.substring(0, 11))
                    .onComplete(ignored -> vertx.setTimer(50, fired -> response.end(BODY.substring(11))));
        };
    }
}
