package org.jasyncio.bench.jasyncio;

import org.jasyncio.Asyncio;
import org.jasyncio.bench.Bench;
import org.jasyncio.net.Protocol;
import org.jasyncio.net.Server;
import org.jasyncio.net.Transport;

/**
 * TCP echo server in protocol style (vmbench's protocol variant): a {@link Protocol} that writes back
 * what it receives, no streams and no task per client; the twin of {@code EchoProtocol} in
 * bench/python/workloads.py. Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class EchoProtocolServer {
    private EchoProtocolServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        Asyncio.run(() -> {
            Server server = Asyncio.getRunningLoop()
                    .createServer(
                            () -> new Protocol() {
                                private Transport transport;

                                @Override
                                public void connectionMade(Transport t) {
                                    transport = t;
                                }

                                @Override
                                public void dataReceived(byte[] data) {
                                    transport.write(data);
                                }
                            },
                            "127.0.0.1",
                            port);
            System.out.println("READY");
            System.out.flush();
            server.serveForever();
        });
    }
}
