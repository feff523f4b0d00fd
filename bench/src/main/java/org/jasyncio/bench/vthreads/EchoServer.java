package org.jasyncio.bench.vthreads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.jasyncio.bench.Bench;

/**
 * TCP echo server: a virtual thread per connection doing blocking reads and writes (100 KiB buffer),
 * all on one carrier thread. Prints READY once listening on 127.0.0.1:{@code --port}.
 */
public final class EchoServer {
    private EchoServer() {}

    public static void main(String[] args) throws Exception {
        int port = Bench.intArg(args, "--port", 25000);
        OneCarrier.run(() -> {
            try (var server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
                System.out.println("READY");
                System.out.flush();
                while (true) {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                }
            }
        });
    }

    private static void serve(Socket s) {
        byte[] buf = new byte[102400];
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int r;
            while ((r = in.read(buf)) > 0) {
                out.write(buf, 0, r);
            }
        } catch (IOException e) {
            // the client went away: nothing to echo to
        }
    }
}
