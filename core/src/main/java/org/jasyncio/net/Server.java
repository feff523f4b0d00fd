package org.jasyncio.net;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.jasyncio.EventLoop;

/**
 * A listening server (asyncio's {@code Server}): one or more listening sockets whose accepted
 * connections each get a fresh protocol (and, for {@link Streams#startServer}, a handler task).
 *
 * <pre>{@code
 * Server server = Streams.startServer((reader, writer) -> {
 *     writer.write(reader.readline());
 *     writer.drain();
 * }, "127.0.0.1", 0);
 * int port = server.sockets().get(0).getPort();
 * server.serveForever();   // until cancelled
 * }</pre>
 *
 * <p>Threading: loop thread only. {@link #close()} does not wait (as in asyncio): use
 * {@link #waitClosed()}, which waits until every connection is closed too.
 *
 * <p>{@code try (server) { ... }} closes the server at the end of the block, and does not wait
 * either: try-with-resources calls the same {@link #close()} as an explicit call, which must not wait
 * (a handler that closes its own server would wait for its own connection). asyncio's
 * {@code async with server:}, which also waits at the exit, is
 * {@code try (server) { ... } finally { server.waitClosed(); }} (docs/asyncio-differences.md).
 */
public interface Server extends AutoCloseable {
    /** asyncio's default listen backlog. */
    int DEFAULT_BACKLOG = 100;

    /**
     * <pre>
     * NOT_SERVING --startServing/serveForever--> SERVING --close--> CLOSED
     * NOT_SERVING --close--> CLOSED
     * </pre>
     */
    enum State {
        /** Listening sockets bound, not accepting yet. */
        NOT_SERVING,
        /** Accepting connections. */
        SERVING,
        /** Listening sockets closed; connections may still be open. */
        CLOSED
    }

    /** The loop this server runs on. */
    EventLoop getLoop();

    /** The bound addresses of the TCP listening sockets (port 0 was replaced by the port picked). */
    List<InetSocketAddress> sockets();

    /** The bound addresses of every listening socket, TCP or Unix-domain. */
    List<SocketAddress> addresses();

    /** The server's state. */
    State state();

    /** Whether it accepts connections. */
    boolean isServing();

    /** Starts accepting connections (no-op if it already does). */
    void startServing();

    /**
     * Accepts connections until the calling task is cancelled, then shuts the server down and
     * rethrows the {@link org.jasyncio.CancelledError}: as asyncio does, it {@link #close() closes} the listening
     * sockets and waits, as {@link #waitClosed()} does, until every connection is closed. Unlike
     * asyncio 3.12+, it first {@link #closeClients() closes the clients} gracefully (their buffered
     * data is still sent, and handlers see the end of the stream): else one idle client would keep a
     * cancelled server waiting forever (cpython#123720, where the same fix was proposed). Cancelled
     * again while it waits (a peer that never reads can hold a graceful close up), it
     * {@link #abortClients() aborts} them and rethrows at once. A {@link org.jasyncio.TaskGroupError}
     * thrown into the task by its group (where asyncio would cancel it) does the same.
     *
     * <p>Returns normally when the server is closed by someone else (asyncio raises
     * {@code CancelledError} then); the connections are left to finish on their own.
     *
     * @throws IllegalStateException if the server is closed or another task already serves it forever
     */
    void serveForever();

    /**
     * Stops listening and closes the listening sockets (removing Unix socket files); connections
     * already accepted stay open, except TLS connections still in the handshake of the server's TLS,
     * which are aborted (no protocol has them yet, unlike a connection its handler upgrades with
     * {@code startTls}; asyncio leaves them to the handshake timeout, which would hold
     * {@link #waitClosed()} up to 60 s for a client that connected and sent nothing). Does not wait,
     * also when try-with-resources calls it (see the class comment); idempotent.
     */
    @Override
    void close();

    /** Closes every client connection gracefully (after their buffered data is sent). */
    void closeClients();

    /** Closes every client connection at once, dropping buffered data. */
    void abortClients();

    /** How many client connections are open. */
    int activeCount();

    /**
     * Waits until the server is closed and every connection it accepted is closed (asyncio 3.12+'s
     * {@code wait_closed}): when it returns, the listening sockets and the connections' sockets are
     * released (their descriptors closed).
     *
     * @throws IllegalStateException outside a task, even when there is nothing left to wait for
     */
    void waitClosed();
}
