package org.jasyncio.bench.vertx;

import io.vertx.core.net.NetServerOptions;
import org.jasyncio.bench.Bench;

/**
 * TCP echo server: a Vert.x NetServer on the one event loop; each socket echoes what it reads,
 * pausing while its write queue is full. Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        OneContext.VERTX
                .createNetServer(new NetServerOptions().setTcpNoDelay(true))
                .connectHandler(socket -> socket.handler(buf -> {
                    socket.write(buf);
                    if (socket.writeQueueFull()) {
                        socket.pause();
                        socket.drainHandler(v -> socket.resume());
                    }
                }))
                .listen(port, "127.0.0.1")
                .await();
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join(); // serve until killed
    }
}
