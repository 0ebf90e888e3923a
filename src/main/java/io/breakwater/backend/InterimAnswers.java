package io.breakwater.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops a backend's interim answers ({@code 102 Processing}, {@code 103 Early Hints} and other 1xx but
 * {@code 100 Continue} and {@code 101 Switching Protocols}) before Vert.x's HTTP client reads them. That client knows
 * 100 and 103 only and takes any other 1xx for the final answer, after which the real answer arrives on a
 * connection that expects none: the client would get the interim status and the call would hang. Interim answers
 * carry nothing the client needs, so none is passed on.
 */
final class InterimAnswers extends ChannelInboundHandlerAdapter {

    /** Vert.x's own handler in a client connection's pipeline, behind Netty's HTTP codec. */
    private static final String VERTX_HANDLER = "handler";

    private boolean dropping;

    /**
     * Puts the filter in front of Vert.x's handler on a new connection; registered with
     * {@code HttpClientBuilder.withConnectHandler}.
     */
    static void install(HttpConnection connection) {
        ((ConnectionBase) connection).channelHandlerContext().pipeline()
                .addBefore(VERTX_HANDLER, "interim-answers", new InterimAnswers());
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpResponse response && isInterim(response.status().code())) {
            // Netty follows an interim head with an empty last content, unless both came as one full message
            dropping = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
        } else if (dropping && message instanceof HttpContent) {
            dropping = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
        } else {
            context.fireChannelRead(message);
        }
    }

    private static boolean isInterim(int status) {
        return status >= 102 && status < 200;
    }
}
