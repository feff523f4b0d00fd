package org.jasyncio.net;

import java.io.IOException;
import java.nio.file.Path;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;

/**
 * High-level stream connections and servers (asyncio's {@code open_connection}, {@code start_server}
 * and their Unix-socket twins), on the protocol layer of {@link org.jasyncio.EventLoop#createConnection}.
 *
 * <pre>{@code
 * Server server = Streams.startServer((reader, writer) -> {
 *     for (byte[] line : reader) {
 *         writer.write(line);
 *         writer.drain();
 *     }
 * }, "127.0.0.1", 0);
 * int port = server.sockets().get(0).getPort();
 *
 * Connection c = Streams.openConnection("127.0.0.1", port);
 * c.writer().write("hello\n".getBytes());
 * byte[] echo = c.reader().readline();
 * }</pre>
 *
 * <p>Every method suspends: call it inside a task. Each accepted client runs its handler as its own
 * task; a handler's exception is reported to the loop's exception handler, its connection is aborted,
 * and the server goes on serving. When a handler returns, its connection is closed.
 */
public final class Streams {
    private Streams() {}

    /** The code that serves one client connection of {@link #startServer}. */
    @FunctionalInterface
    public interface ClientHandler {
        /** Serves a client; may suspend; may throw (reported, the connection aborted). */
        void handle(StreamReader reader, StreamWriter writer) throws Exception;
    }

    /** Opens a TCP connection to {@code host:port}. Name resolution runs off the loop thread. */
    public static Connection openConnection(String host, int port) throws IOException {
        return openConnection(host, port, StreamOptions.defaults());
    }

    /** Opens a TLS connection to {@code host:port}; returns after the handshake. */
    public static Connection openConnection(String host, int port, TlsOptions tls) throws IOException {
        return openConnection(host, port, StreamOptions.defaults().withTls(tls));
    }

    /** Opens a TCP connection with options (reader limit, TLS). */
    public static Connection openConnection(String host, int port, StreamOptions options) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        StreamReader reader = new StreamReader(options.limit());
        var tp = loop.createConnection(() -> new StreamReaderProtocol(loop, reader), host, port, options.tls());
        return new Connection(reader, new StreamWriter(tp.transport(), tp.protocol(), reader, loop));
    }

    /** Opens a connection to the Unix-domain socket file {@code path}. */
    public static Connection openUnixConnection(Path path) throws IOException {
        return openUnixConnection(path, StreamOptions.defaults());
    }

    /** Opens a Unix-domain connection with options. */
    public static Connection openUnixConnection(Path path, StreamOptions options) throws IOException {
        EventLoop loop = Asyncio.getRunningLoop();
        StreamReader reader = new StreamReader(options.limit());
        var tp = loop.createUnixConnection(() -> new StreamReaderProtocol(loop, reader), path, options.tls());
        return new Connection(reader, new StreamWriter(tp.transport(), tp.protocol(), reader, loop));
    }

    /**
     * Starts a TCP server on {@code host:port} (port 0: a free port, see {@link Server#sockets()});
     * {@code handler} runs as a new task for every client. The server is serving when this returns.
     */
    public static Server startServer(ClientHandler handler, String host, int port) throws IOException {
        return startServer(handler, host, port, StreamOptions.defaults());
    }

    /** Starts a TLS server. */
    public static Server startServer(ClientHandler handler, String host, int port, TlsOptions tls) throws IOException {
        return startServer(handler, host, port, StreamOptions.defaults().withTls(tls));
    }

    /** Starts a TCP server with options (reader limit, TLS, backlog). */
    public static Server startServer(ClientHandler handler, String host, int port, StreamOptions options)
            throws IOException {
        java.util.Objects.requireNonNull(handler, "handler");
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.createServer(
                () -> new StreamReaderProtocol(loop, new StreamReader(options.limit()), handler),
                host,
                port,
                options.tls(),
                options.backlog());
    }

    /** Starts a server on the Unix-domain socket file {@code path}, removed when the server closes. */
    public static Server startUnixServer(ClientHandler handler, Path path) throws IOException {
        return startUnixServer(handler, path, StreamOptions.defaults());
    }

    /** Starts a Unix-domain server with options. */
    public static Server startUnixServer(ClientHandler handler, Path path, StreamOptions options) throws IOException {
        java.util.Objects.requireNonNull(handler, "handler");
        EventLoop loop = Asyncio.getRunningLoop();
        return loop.createUnixServer(
                () -> new StreamReaderProtocol(loop, new StreamReader(options.limit()), handler),
                path,
                options.tls(),
                options.backlog());
    }
}
