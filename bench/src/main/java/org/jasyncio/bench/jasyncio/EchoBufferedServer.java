package org.jasyncio.bench.jasyncio;

import java.nio.ByteBuffer;
import org.jasyncio.Asyncio;
import org.jasyncio.bench.Bench;
import org.jasyncio.net.BufferedProtocol;
import org.jasyncio.net.Server;
import org.jasyncio.net.Transport;

/**
 * TCP echo server in buffered-protocol style: the transport reads into the protocol's own direct
 * buffer and the protocol writes that buffer back ({@code Transport.write(ByteBuffer)}), so no byte
 * is copied in Java on the way through. The twin of {@code EchoBufferedProtocol} in
 * bench/python/workloads.py. Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class EchoBufferedServer {
    private EchoBufferedServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        Asyncio.run(() -> {
            Server server = Asyncio.getRunningLoop()
                    .createServer(
                            () -> new BufferedProtocol() {
                                private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                                private Transport transport;

                                @Override
                                public void connectionMade(Transport t) {
                                    transport = t;
                                }

                                @Override
                                public ByteBuffer getBuffer(int sizeHint) {
                                    return buffer.clear();
                                }

                                @Override
                                public void bufferUpdated(int nbytes) {
                                    transport.write(
                                            buffer.flip()); // what the socket does not take is copied: the buffer is
                                    // free again
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
