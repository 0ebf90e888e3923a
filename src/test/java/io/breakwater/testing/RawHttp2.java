package io.breakwater.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.restassured.RestAssured;

/**
 * Sends one HTTP/2 request (cleartext, with prior knowledge) with headers exactly as given, for what an HTTP client
 * library would refuse to send: names and values HTTP does not allow.
 */
public final class RawHttp2 {

    /** What came back: the status and the body. */
    public record Answer(int status, String body) {
    }

    private RawHttp2() {
    }

    /**
     * A {@code GET} of {@code path} with {@code headers} besides the pseudo-headers, none of them checked.
     */
    public static Answer get(String path, Map<String, String> headers) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Channel connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                    new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, Object message) {
                                            // no pushed streams
                                        }
                                    }));
                        }
                    })
                    .connect("localhost", RestAssured.port).sync().channel();
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                    .handler(new AnswerReader(answer)).open().sync().getNow();
            Http2Headers request = new DefaultHttp2Headers(false).method("GET").scheme("http")
                    .authority("localhost").path(path);
            headers.forEach(request::add);
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(request, true));
            return answer.get(10, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static final class AnswerReader extends SimpleChannelInboundHandler<Http2StreamFrame> {

        private final CompletableFuture<Answer> answer;
        private final ByteBuf body = Unpooled.buffer();
        private int status;

        AnswerReader(CompletableFuture<Answer> answer) {
            this.answer = answer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end = false;
            if (frame instanceof Http2HeadersFrame headers) {
                if (headers.headers().status() != null) {
                    status = Integer.parseInt(headers.headers().status().toString());
                }
                end = headers.isEndStream();
            } else if (frame instanceof Http2DataFrame data) {
                body.writeBytes(data.content());
                end = data.isEndStream();
            }
            if (end) {
                answer.complete(new Answer(status, body.toString(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            answer.completeExceptionally(new IllegalStateException("the stream closed without an answer"));
        }
    }
}
