package io.breakwater.proxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

/**
 * Carries one body, the client's request body to the backend or the backend's answer to the client, chunk by chunk,
 * and pauses the side it reads while the other side's write queue is full: whatever the body's size, a call holds no
 * more than the two connections' buffers. Vert.x's {@code Pipe} does the same but shows neither the chunks (for a
 * copy of the answer) nor when the last one passed (to find a body that stopped moving), nor which side failed.
 */
final class BodyRelay {

    /** The side the body came from failed: the client's request broke off, or the backend's answer did. */
    static final class SourceFailed extends RuntimeException {
        SourceFailed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** The side the body went to failed: the client or the backend connection went away. */
    static final class DestinationFailed extends RuntimeException {
        DestinationFailed(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** The body grew over the limit it was given. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("body too large", null, false, false);
        }
    }

    private final ReadStream<Buffer> source;
    private final WriteStream<Buffer> destination;
    private final long maxBytes;
    private final Handler<Buffer> tap;
    private final boolean endDestination;
    private final Promise<Void> done = Promise.promise();
    private long bytes;
    private long lastActivityNanos;
    private boolean sourceEnded;
    /** The body's declared length, if its last chunk is to wait for {@link #endDestination}; else -1. */
    private long holdLastAt = -1;
    private Buffer heldLast;

    /**
     * @param maxBytes the most bytes the body may have
     * @param tap sees every chunk as it passes, or {@code null}
     * @param endDestination whether to end the destination after the last chunk, or leave that to the caller
     *        ({@link #endDestination})
     */
    BodyRelay(ReadStream<Buffer> source, WriteStream<Buffer> destination, long maxBytes, Handler<Buffer> tap,
            boolean endDestination) {
        this.source = source;
        this.destination = destination;
        this.maxBytes = maxBytes;
        this.tap = tap;
        this.endDestination = endDestination;
    }

    /**
     * Keeps the last chunk of a body of this declared length from the destination until {@link #endDestination}, for
     * a relay that leaves the end to its caller: with its length declared, a body is whole at the destination with
     * its last byte, whatever the end adds. Call before {@link #start}.
     */
    void holdLastChunk(long declaredLength) {
        holdLastAt = declaredLength;
    }

    /**
     * Ends the destination, with the last chunk if it was held ({@link #holdLastChunk}); for a relay that leaves the
     * end to its caller, once the source has ended.
     */
    Future<Void> endDestination() {
        Buffer last = heldLast;
        heldLast = null;
        return last == null ? destination.end() : destination.end(last);
    }

    /**
     * Starts reading the source, which should be paused until now.
     *
     * @return completes once the destination has taken the whole body (and ended, if it is to be ended here); fails
     *         with {@link SourceFailed},
     *         {@link DestinationFailed} or {@link TooLarge}
     */
    Future<Void> start() {
        lastActivityNanos = System.nanoTime();
        source.exceptionHandler(failure -> done.tryFail(new SourceFailed(failure)));
        destination.exceptionHandler(failure -> done.tryFail(new DestinationFailed(failure)));
        source.endHandler(ignored -> {
            sourceEnded = true;
            lastActivityNanos = System.nanoTime();
            if (!endDestination) {
                done.tryComplete();
                return;
            }
            destination.end().onComplete(ended -> {
                if (ended.succeeded()) {
                    done.tryComplete();
                } else {
                    done.tryFail(new DestinationFailed(ended.cause()));
                }
            });
        });
        source.handler(this::carry);
        source.resume();
        return done.future();
    }

    private void carry(Buffer chunk) {
        if (done.future().isComplete()) {
            source.pause();
            return;
        }
        lastActivityNanos = System.nanoTime();
        bytes += chunk.length();
        if (bytes > maxBytes) {
            source.pause();
            done.tryFail(new TooLarge());
            return;
        }
        if (tap != null) {
            tap.handle(chunk);
        }
        if (bytes == holdLastAt && !endDestination) {
            heldLast = chunk;
            return;
        }
        destination.write(chunk);
        if (destination.writeQueueFull()) {
            source.pause();
            destination.drainHandler(ignored -> {
                lastActivityNanos = System.nanoTime();
                source.resume();
            });
        }
    }

    /** {@link System#nanoTime()} when a chunk last passed, or the destination last took more. */
    long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Whether the whole body has been read from the source. */
    boolean sourceEnded() {
        return sourceEnded;
    }

    /** Whether the destination is full, that is, the relay waits for the destination rather than the source. */
    boolean waitsForDestination() {
        return !sourceEnded && destination.writeQueueFull();
    }
}
