package org.jasyncio.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.jasyncio.bench.Bench;

/**
 * TCP echo server: Netty's own echo example on one NIO event loop that both accepts and serves.
 * Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class EchoServer {
    private EchoServer() {}

    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
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
        int port = Bench.intArg(args, "--port", 25000);
        Echo echo = new Echo();
        var channel = new ServerBootstrap()
                .group(OneLoop.GROUP)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(echo)
                .bind("127.0.0.1", port)
                .sync()
                .channel();
        System.out.println("READY");
        System.out.flush();
        channel.closeFuture().sync();
    }
}
