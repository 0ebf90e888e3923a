package io.breakwater.backend;

import java.util.ArrayDeque;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The HTTP codec of a backend connection, in place of Netty's {@code HttpClientCodec} that Vert.x puts there, which
 * it does as {@code HttpClientCodec} would, and more strictly: a connection whose framing is in any doubt is closed
 * rather than given to another call, where bytes left over from one answer would be read as the start of the next
 * one (another client's call failing with {@code invalid version format}, though the backend served it).
 * <ul>
 * <li>Bytes that come while no answer is awaited (after an answer ended, before the next request) close the
 * connection at once.</li>
 * <li>An answer followed by more bytes than it declared (a 204 or 304 with a body, a body to a {@code HEAD}, more than
 * its {@code Content-Length}), or one that declares both {@code Transfer-Encoding} and {@code Content-Length}, is
 * read to its end and the connection closed after it, by marking it {@code Connection: close} for Vert.x.</li>
 * <li>Interim answers ({@code 102 Processing}, {@code 103 Early Hints} and any other 1xx but {@code 100 Continue} and
 * {@code 101 Switching Protocols}) are dropped: Vert.x's client would take any 1xx but 100 for the final answer, and
 * the real answer would then arrive on a connection that expects none. They carry nothing the client needs.</li>
 * </ul>
 * Vert.x pipelines no requests on these connections, so at most one answer is awaited at a time.
 */
final class BackendCodec extends CombinedChannelDuplexHandler<HttpResponseDecoder, HttpRequestEncoder> {

    /** The name Vert.x gives its codec in a client connection's pipeline. */
    private static final String CODEC = "codec";

    /** Methods of the requests sent whose answers' heads have not come yet. */
    private final ArrayDeque<HttpMethod> awaited = new ArrayDeque<>();
    /** The head of the answer being read, until its end. */
    private HttpResponse answer;
    private boolean droppingInterim;

    private BackendCodec(HttpClientOptions options) {
        init(new AnswerDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(options.getMaxInitialLineLength())
                .setMaxHeaderSize(options.getMaxHeaderSize())
                .setMaxChunkSize(options.getMaxChunkSize())
                .setInitialBufferSize(options.getDecoderInitialBufferSize())), new RequestEncoder());
    }

    /**
     * Puts a {@code BackendCodec} in place of Vert.x's on a new connection; registered with
     * {@code HttpClientBuilder.withConnectHandler}, which runs before the connection carries a request.
     */
    static void install(HttpConnection connection, HttpClientOptions options) {
        ((ConnectionBase) connection).channelHandlerContext().pipeline()
                .replace(CODEC, CODEC, new BackendCodec(options));
    }

    private final class RequestEncoder extends HttpRequestEncoder {

        @Override
        protected void encode(ChannelHandlerContext ctx, Object message, List<Object> out) throws Exception {
            if (message instanceof HttpRequest request) {
                awaited.add(request.method());
            }
            super.encode(ctx, message, out);
        }
    }

    private final class AnswerDecoder extends HttpResponseDecoder {

        AnswerDecoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (answer == null && awaited.isEmpty()) {
                if (buffer.isReadable()) {
                    buffer.skipBytes(buffer.readableBytes());
                    ctx.close();
                }
                return;
            }
            int first = out.size();
            super.decode(ctx, buffer, out);
            for (int i = first; i < out.size(); i++) {
                Object message = out.get(i);
                if (droppingInterim || (message instanceof HttpResponse head && isInterim(head))) {
                    // an interim head comes with its empty last content, or as one full message
                    droppingInterim = !(message instanceof LastHttpContent);
                    ReferenceCountUtil.release(out.remove(i--));
                    continue;
                }
                if (message instanceof HttpResponse head) {
                    answer = head;
                }
                if (message instanceof LastHttpContent && answer != null) {
                    if (awaited.isEmpty() && buffer.isReadable()) {
                        closeAfter(answer);
                    }
                    answer = null;
                }
            }
        }

        @Override
        protected AsciiString splitHeaderName(byte[] bytes, int start, int length) {
            AsciiString shared = SharedHeaderNames.find(bytes, start, length);
            return shared != null ? shared : super.splitHeaderName(bytes, start, length);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage message) {
            if (((HttpResponse) message).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return super.isContentAlwaysEmpty(message);
            }
            return HttpMethod.HEAD.equals(awaited.poll()) || super.isContentAlwaysEmpty(message);
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            super.handleTransferEncodingChunkedWithContentLength(message);
            closeAfter(message);
        }
    }

    private static boolean isInterim(HttpResponse head) {
        int status = head.status().code();
        return status >= 102 && status < 200;
    }

    private static void closeAfter(HttpMessage answer) {
        answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
}
