package io.breakwater.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A body held in memory, read as a stream of slices of it (no copy), as fast as its reader asks: a kept answer sent
 * again goes through a {@link BodyRelay} like a backend's answer, so that a client that reads slowly holds no more
 * than its connection's buffers. Starts paused; used on one event loop.
 */
final class KeptBody implements ReadStream<Buffer> {

    /**
     * Each slice written is copied into the connection's direct memory until the client takes it: small, so that
     * what a slow reader holds is small too (see {@link ClientResponses#sendStale}).
     */
    static final int SLICE = 4 * 1024;

    private final Buffer body;
    private int position;
    private long demand;
    private boolean emitting;
    private boolean ended;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;

    KeptBody(Buffer body) {
        this.body = body;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        // reading memory does not fail
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        demand = 0;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        demand = Long.MAX_VALUE - demand <= amount ? Long.MAX_VALUE : demand + amount;
        emit();
        return this;
    }

    /** Hands out slices while they are asked for; the reader may pause from within its handler. */
    private void emit() {
        if (emitting) {
            return;
        }
        emitting = true;
        try {
            while (demand > 0 && position < body.length() && handler != null) {
                int end = Math.min(body.length(), position + SLICE);
                Buffer slice = body.slice(position, end);
                position = end;
                if (demand != Long.MAX_VALUE) {
                    demand--;
                }
                handler.handle(slice);
            }
            if (position >= body.length() && demand > 0 && !ended && endHandler != null) {
                ended = true;
                endHandler.handle(null);
            }
        } finally {
            emitting = false;
        }
    }
}
