package io.breakwater.frontdoor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import io.breakwater.http.GatewayError;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

/**
 * One client's HTTP/1 connection as the front door sees it: a Netty handler between the HTTP decoder and Vert.x's
 * own handler, which
 * <ul>
 * <li>lets one request through at a time: a request pipelined behind one whose answer is not yet written is held
 * here, and the connection stops reading, until that answer is complete and the client has taken it, so that a
 * client that sends without reading fills its own TCP window, not the gateway's memory;</li>
 * <li>notes when the connection waits for a request's head, when the first bytes of one came, and since when the
 * client has not taken what was written, for {@link ConnectionSweep}'s limits;</li>
 * <li>answers a request body whose chunked framing is broken with a 400 before closing, rather than closing
 * silently;</li>
 * <li>writes every status line as HTTP/1.1 or HTTP/1.0, never echoing a version the client made up.</li>
 * </ul>
 * Everything but the volatile fields runs on the connection's event loop.
 */
final class ClientConnection extends ChannelDuplexHandler {

    static final String NAME = "breakwater-client-connection";
    static final AttributeKey<ClientConnection> KEY = AttributeKey.valueOf(ClientConnection.class, "connection");

    /** Vert.x's handler, behind the HTTP codec; before the first request, cleartext HTTP/2's detector is there. */
    private static final String VERTX_HANDLER = "handler";
    private static final String H2C_DETECTOR = "h2c";
    private static final String HTTP_DECODER = "httpDecoder";

    /** Messages of requests pipelined behind the one in progress, in order. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ConnectionBase vertxConnection;
    /** A request was passed on and its answer is not complete. */
    private boolean inRequest;
    private boolean answerStarted;
    private boolean interimHead;
    private boolean upgrading;
    private boolean refused;
    private boolean releasePending;
    /** Reading was stopped here, for held requests. */
    private boolean paused;
    /** The bytes read since the last read completed gave the decoder at least one message. */
    private boolean decoded;

    /** {@link System#nanoTime()} since when the connection waits for a request's head; 0 while one is served. */
    private volatile long waitingSinceNanos;
    /** When the first bytes of the awaited head came; 0 before they do. */
    private volatile long headStartedNanos;
    /** Since when the client has not taken what was written to it; 0 while it keeps up. */
    private volatile long unwritableSinceNanos;

    private ClientConnection(boolean inRequest) {
        this.inRequest = inRequest;
        long now = System.nanoTime();
        this.waitingSinceNanos = inRequest ? 0 : now;
        // before its first request, a connection has an HTTP decoder only once its first bytes came
        this.headStartedNanos = inRequest ? 0 : now;
    }

    /**
     * Puts a {@code ClientConnection} on {@code channel} unless it has one, or is not an HTTP/1 connection (yet).
     * Runs on the channel's event loop.
     *
     * @param inRequest whether a request was passed to Vert.x already and is being served
     */
    static void install(Channel channel, boolean inRequest) {
        ChannelPipeline pipeline = channel.pipeline();
        if (!installable(channel)) {
            return;
        }
        String before = pipeline.get(VERTX_HANDLER) != null ? VERTX_HANDLER
                : pipeline.get(H2C_DETECTOR) != null ? H2C_DETECTOR : null;
        if (before != null) {
            pipeline.addBefore(before, NAME, new ClientConnection(inRequest));
        }
    }

    /** @return whether {@code channel} is an HTTP/1 connection without a {@code ClientConnection} */
    static boolean installable(Channel channel) {
        return channel.attr(KEY).get() == null && channel.pipeline().get(HTTP_DECODER) != null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(KEY).set(this);
        if (!ctx.channel().isWritable()) {
            unwritableSinceNanos = System.nanoTime();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ctx.channel().attr(KEY).set(null);
        releaseHeld();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        decoded = true;
        if (refused) {
            ReferenceCountUtil.release(message);
        } else if (!held.isEmpty() || (message instanceof HttpRequest && (inRequest || !ctx.channel().isWritable()))) {
            // a request pipelined behind one being served, or sent while the client leaves answers untaken
            held.add(message);
            releasePending |= !inRequest;
            pause(ctx);
        } else if (message instanceof HttpContent content && content.decoderResult().isFailure() && inRequest
                && !answerStarted) {
            ReferenceCountUtil.release(content);
            refuse(ctx, GatewayError.badRequest("the request body's chunked framing is malformed"));
        } else {
            if (message instanceof HttpRequest) {
                begin();
            }
            ctx.fireChannelRead(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!decoded && !inRequest && held.isEmpty() && headStartedNanos == 0) {
            // bytes came while a head was awaited, and made nothing yet: the start of one
            headStartedNanos = System.nanoTime();
        }
        decoded = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        if (refused) {
            ReferenceCountUtil.release(message);
            promise.trySuccess();
            return;
        }
        if (message instanceof HttpResponse response) {
            int status = response.status().code();
            interimHead = status < 200 && status != 101;
            answerStarted |= !interimHead;
            upgrading = status == 101;
            HttpVersion version = response.protocolVersion();
            if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
                response.setProtocolVersion(HttpVersion.HTTP_1_1);
            }
        }
        boolean answered = message instanceof LastHttpContent && !interimHead && inRequest;
        ctx.write(message, promise);
        if (answered && upgrading) {
            // the connection is another protocol's now
            ctx.pipeline().remove(this);
        } else if (answered) {
            inRequest = false;
            headStartedNanos = 0;
            waitingSinceNanos = System.nanoTime();
            if (paused || !held.isEmpty()) {
                ctx.executor().execute(() -> releaseNext(ctx));
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        unwritableSinceNanos = writable ? 0 : System.nanoTime();
        if (writable && releasePending) {
            releaseNext(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    /** @return since when the connection has waited for a request's head, or 0 while it serves one */
    long waitingSinceNanos() {
        return waitingSinceNanos;
    }

    /** @return when the first bytes of the awaited head came, or 0 */
    long headStartedNanos() {
        return headStartedNanos;
    }

    /** @return since when the client has not taken what was written to it, or 0 */
    long unwritableSinceNanos() {
        return unwritableSinceNanos;
    }

    /**
     * The awaited head did not come in time: answers 408 and closes. Runs on the event loop.
     */
    void headTimedOut(ChannelHandlerContext ctx, long timeoutSeconds) {
        if (!inRequest && !refused) {
            refuse(ctx, new GatewayError(408, "Request timeout", null,
                    "the request's head did not arrive within " + timeoutSeconds + " s", null));
        }
    }

    /** The handler's context, for work the sweep hands to the event loop. */
    ChannelHandlerContext context(Channel channel) {
        return channel.pipeline().context(this);
    }

    private void begin() {
        inRequest = true;
        answerStarted = false;
        waitingSinceNanos = 0;
        headStartedNanos = 0;
    }

    /**
     * Passes on the requests held while the last one was served, one at a time, once its answer is written and the
     * client takes what is written; reads again once none is left.
     */
    private void releaseNext(ChannelHandlerContext ctx) {
        if (ctx.isRemoved() || refused) {
            return;
        }
        boolean passed = false;
        while (!held.isEmpty()) {
            Object next = held.peek();
            if (next instanceof HttpRequest) {
                if (inRequest) {
                    break;
                }
                if (!ctx.channel().isWritable()) {
                    releasePending = true;
                    break;
                }
                begin();
            }
            held.poll();
            ctx.fireChannelRead(next);
            passed = true;
        }
        if (passed) {
            ctx.fireChannelReadComplete();
        }
        if (held.isEmpty()) {
            releasePending = false;
            if (paused) {
                paused = false;
                resume(ctx);
            }
        }
    }

    /**
     * Stops reading from the client. Vert.x's own pause is used, so that the two agree on whether the connection is
     * paused; called with every held message, since Vert.x may resume reading for a request of its own.
     */
    private void pause(ChannelHandlerContext ctx) {
        paused = true;
        ConnectionBase connection = vertxConnection(ctx);
        if (connection != null) {
            connection.doPause();
        } else {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void resume(ChannelHandlerContext ctx) {
        ConnectionBase connection = vertxConnection(ctx);
        if (connection != null) {
            connection.doResume();
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private ConnectionBase vertxConnection(ChannelHandlerContext ctx) {
        if (vertxConnection == null) {
            ChannelHandler handler = ctx.pipeline().get(VERTX_HANDLER);
            if (handler instanceof VertxHandler<?> vertx) {
                vertxConnection = vertx.getConnection();
            }
        }
        return vertxConnection;
    }

    /** Answers with the gateway's error, drops whatever else would be written, and closes. */
    private void refuse(ChannelHandlerContext ctx, GatewayError error) {
        refused = true;
        releaseHeld();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.status()),
                Unpooled.copiedBuffer(error.toJson(), StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseHeld() {
        Object message;
        while ((message = held.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }
}
