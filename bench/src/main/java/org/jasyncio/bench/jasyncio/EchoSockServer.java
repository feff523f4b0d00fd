package org.jasyncio.bench.jasyncio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.bench.Bench;

/**
 * TCP echo server in raw-socket style (vmbench's "sock" variant): non-blocking channels driven by the
 * loop's {@code sockAccept}, {@code sockRecv} and {@code sockSendall}, one task per client, no
 * transport, protocol or stream in between; the twin of {@code echo_server_sock} in
 * bench/python/workloads.py. Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class EchoSockServer {
    private EchoSockServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress("127.0.0.1", port), 128);
                server.configureBlocking(false);
                System.out.println("READY");
                System.out.flush();
                while (true) {
                    SocketChannel client = loop.sockAccept(server);
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    Asyncio.createTask(() -> serve(loop, client));
                }
            }
        });
    }

    private static void serve(EventLoop loop, SocketChannel client) {
        try (client) {
            while (true) {
                byte[] data = loop.sockRecv(client, 102400);
                if (data.length == 0) {
                    break;
                }
                loop.sockSendall(client, data);
            }
        } catch (IOException e) {
            // the client went away: nothing to echo to
        }
    }
}
