package org.jasyncio.http.internal;

import java.io.IOException;

/**
 * The byte stream a protocol runs on once it has taken a connection over from HTTP (a WebSocket after
 * its handshake): the server's connection or the client's stream behind one small interface. Loop
 * thread only; at most one task reads at a time.
 */
public interface ByteConduit {
    /** The next bytes received; suspends until some come; an empty array at EOF. */
    byte[] read() throws IOException;

    /** Queues {@code bytes} (not copied, not changed afterwards) and starts sending; never suspends. */
    void write(byte[] bytes);

    /** Waits while the send buffer is over its high mark. */
    void drain() throws IOException;

    /**
     * Sends EOF after the queued bytes (a TCP half-close): the peer reads to its end, then closes.
     * Returns {@code false} where the connection cannot (TLS), having sent nothing.
     */
    boolean writeEof();

    /** How many received bytes wait unread (a heartbeat's sign that the peer lives while nobody reads). */
    long unread();

    /** Closes once the queued bytes are sent. */
    void close();

    /** Drops the connection now. */
    void abort();

    /** The peer's address, for messages. */
    String peer();

    /**
     * Runs {@code hook} when the connection's owner goes away: the server shuts down gracefully, or the
     * client's session closes.
     */
    void onShutdown(Runnable hook);

    /**
     * Runs {@code hook} once when the connection is gone for good while the WebSocket may still be
     * open: the peer went away, or the owner closed it (the server when the handler ends, also by
     * cancellation). No byte goes out any more; what came before may still wait to be read. A conduit
     * that cannot tell (the client's stream) never runs it: there a WebSocket ends when its reader
     * meets the EOF, or when it is closed.
     */
    void onGone(Runnable hook);
}
