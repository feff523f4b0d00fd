package org.jasyncio.bench.jasyncio;

import org.jasyncio.Asyncio;
import org.jasyncio.bench.Bench;
import org.jasyncio.net.Streams;

/**
 * TCP echo server on jasyncio streams, line for line the asyncio one in bench/python/workloads.py.
 * Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        Asyncio.run(() -> {
            var server = Streams.startServer(
                    (reader, writer) -> {
                        try {
                            while (true) {
                                byte[] data = reader.read(102400);
                                if (data.length == 0) {
                                    break;
                                }
                                writer.write(data);
                                writer.drain();
                            }
                            writer.close();
                        } catch (Exception e) {
                            // the client went away: nothing to echo to
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
