package org.jasyncio.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jasyncio.bench.Bench;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP server of the wrk workloads on Netty's HTTP codec ({@code HttpServerCodec}), one NIO event
 * loop that accepts and serves, in the manner of Netty's HelloWorld HTTP example: {@code /plaintext}
 * and {@code /json} (Jackson per request, as the jasyncio server does), 404 otherwise; responses are
 * written per request and flushed once per read batch, so pipelined requests share a flush. Also the
 * fixed server of the client workloads. Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class HttpServer {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private HttpServer() {}

    private static final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
            if (!(msg instanceof HttpRequest req)) {
                return; // the (empty) content of a GET
            }
            String uri = req.uri();
            byte[] body;
            String type;
            HttpResponseStatus status = HttpResponseStatus.OK;
            if (uri.equals("/plaintext")) {
                body = HELLO;
                type = "text/plain; charset=utf-8";
            } else if (uri.equals("/json")) {
                body = MAPPER.writeValueAsBytes(Map.of("message", "Hello, World!"));
                type = "application/json";
            } else {
                body = new byte[0];
                type = "text/plain";
                status = HttpResponseStatus.NOT_FOUND;
            }
            FullHttpResponse res =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                if (!req.protocolVersion().isKeepAliveDefault()) {
                    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.write(res);
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(f -> ctx.close());
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 8080);
        int loops = Bench.intArg(args, "--loops", 1);
        // --loops N (bench/http-loops): N event loops sharing the accepted connections, Netty's usual way
        EventLoopGroup group =
                loops == 1 ? OneLoop.GROUP : new MultiThreadIoEventLoopGroup(loops, NioIoHandler.newFactory());
        var channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                })
                .bind("127.0.0.1", port)
                .sync()
                .channel();
        System.out.println("READY");
        System.out.flush();
        channel.closeFuture().sync();
    }
}
