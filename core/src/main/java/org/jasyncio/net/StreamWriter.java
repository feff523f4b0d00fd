package org.jasyncio.net;

import java.io.IOException;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;

/**
 * The writing half of a stream connection (asyncio's {@code StreamWriter}): {@link #write} never
 * blocks, {@link #drain()} waits until the transport's buffer is back under its low-water mark.
 *
 * <pre>{@code
 * writer.write("hello\n".getBytes());
 * writer.drain();           // suspends while the peer is slow: memory stays bounded
 * writer.close();
 * writer.waitClosed();
 * }</pre>
 *
 * <p>Threading: loop thread only (and its tasks).
 */
public final class StreamWriter {
    /** A socket's two-way {@link Transport}, or a subprocess's input pipe (write side only). */
    private WriteTransport transport;

    private final StreamReaderProtocol protocol;
    private final StreamReader reader;
    private final EventLoop loop;

    /** A writer on {@code transport}, whose events go to {@code protocol} (which feeds {@code reader}). */
    public StreamWriter(WriteTransport transport, StreamReaderProtocol protocol, StreamReader reader, EventLoop loop) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
        this.loop = loop;
    }

    /**
     * The transport under this writer: a connection's {@link Transport} (both sides), or a
     * subprocess's input pipe, which has only the write side.
     */
    public WriteTransport transport() {
        return transport;
    }

    /** Queues {@code data}; call {@link #drain()} to wait for room. */
    public void write(byte[] data) {
        transport.write(data);
    }

    /** Queues every chunk, in order. */
    public void writelines(List<byte[]> chunks) {
        transport.writelines(chunks);
    }

    /** Closes the writing side once the buffer is sent (half-close). */
    public void writeEof() {
        transport.writeEof();
    }

    /** Whether {@link #writeEof()} is supported (not over TLS). */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the connection once the buffer is sent; does not wait (see {@link #waitClosed()}). */
    public void close() {
        transport.close();
    }

    /** Whether the connection is closing or closed. */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Waits until the connection is closed.
     *
     * @throws IOException the error that closed the connection, if it was not a regular close; over TLS,
     *     a {@link java.net.SocketTimeoutException} if the peer did not answer close_notify within the
     *     shutdown timeout ({@link TlsOptions#shutdownTimeout()})
     */
    public void waitClosed() throws IOException {
        // Shielded: a cancelled waiter must not cancel the connection's closed future for others.
        try {
            Asyncio.shield(protocol.closedFuture());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Information about the connection, see {@link Transport#getExtraInfo}. */
    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    /**
     * Waits until it is appropriate to write again: returns at once unless the transport's buffer is
     * over its high-water mark, then waits until it drains to the low-water mark.
     *
     * @throws IOException if the connection was lost (e.g. {@link ConnectionResetError})
     */
    public void drain() throws IOException {
        if (reader != null) {
            IOException exc = reader.exception();
            if (exc != null) {
                throw exc;
            }
        }
        if (transport.isClosing()) {
            // Let connectionLost run first, so that drain() reports the loss (asyncio's sleep(0)).
            Asyncio.sleep(0);
        }
        protocol.drainHelper();
    }

    /**
     * Upgrades the connection to TLS (asyncio's {@code StreamWriter.start_tls}), as a client unless the
     * options say otherwise; returns once the handshake is done. Reads and writes go over TLS afterwards.
     */
    public void startTls(TlsOptions tls) throws IOException {
        startTls(tls, false);
    }

    /** Upgrades the connection to TLS, on the server side if {@code serverSide}. */
    public void startTls(TlsOptions tls, boolean serverSide) throws IOException {
        if (!(transport instanceof Transport twoWay)) {
            throw new UnsupportedOperationException(
                    "startTls() on " + this + ": " + transport + " is write-only, and TLS needs a two-way transport");
        }
        Object peer = twoWay.getExtraInfo("peername");
        TlsOptions opts = tls;
        if (!serverSide && peer instanceof java.net.InetSocketAddress isa && tls.serverName() == null) {
            opts = tls.withDefaultServerName(isa.getHostString());
        }
        Transport t = loop.startTls(twoWay, opts, serverSide);
        transport = t;
        protocol.replaceTransport(t);
    }

    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
