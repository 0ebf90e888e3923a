package io.breakwater.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

class KeptBodyTest {

    private final Buffer body = Buffer.buffer(new byte[2 * KeptBody.SLICE + KeptBody.SLICE / 2]);
    private final List<Buffer> slices = new ArrayList<>();
    private final boolean[] ended = { false };

    @Test
    void givesNothingBeforeItIsAskedFor() {
        KeptBody stream = stream();

        assertEquals(List.of(), slices);
        assertTrue(!ended[0]);
    }

    @Test
    void givesTheWholeBodyInSlicesOfItThenEnds() {
        stream().resume();

        assertEquals(List.of(KeptBody.SLICE, KeptBody.SLICE, KeptBody.SLICE / 2),
                slices.stream().map(Buffer::length).toList());
        assertEquals(body, Buffer.buffer().appendBuffer(slices.get(0)).appendBuffer(slices.get(1))
                .appendBuffer(slices.get(2)));
        assertTrue(ended[0]);
    }

    @Test
    void givesOneSliceAFetchAndEndsOnlyWhenAskedPastTheLast() {
        KeptBody stream = stream();

        stream.fetch(1);
        assertEquals(1, slices.size());
        stream.fetch(2);
        assertEquals(3, slices.size());
        assertTrue(!ended[0], "the end is given only when asked for");
        stream.fetch(1);
        assertTrue(ended[0]);
    }

    @Test
    void stopsWhenItsReaderPausesFromItsHandler() {
        KeptBody stream = new KeptBody(body);
        stream.handler(slice -> {
            slices.add(slice);
            stream.pause();
        });
        stream.endHandler(ignored -> ended[0] = true);

        stream.resume();
        assertEquals(1, slices.size());
        stream.resume();
        assertEquals(2, slices.size());
    }

    private KeptBody stream() {
        KeptBody stream = new KeptBody(body);
        stream.handler(slices::add);
        stream.endHandler(ignored -> ended[0] = true);
        return stream;
    }
}
