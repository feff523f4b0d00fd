package org.jasyncio.http.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.EventLoop;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.Protocol;
import org.jasyncio.net.Transport;

/**
 * A transport with no socket behind it (Netty's {@code EmbeddedChannel}, for one connection of the
 * server): it records every write call as one entry, so that a test sees how the connection batches
 * its output; the test feeds the protocol's input and flow control by hand. Loop thread only.
 */
final class EmbeddedTransport implements Transport {
    private final EventLoop loop;
    private final Protocol protocol;
    /** One entry per write or writelines call, its bytes concatenated. */
    private final List<String> writes = new ArrayList<>();

    private boolean reading = true;
    private boolean closing;
    private boolean eofWritten;

    private EmbeddedTransport(EventLoop loop, Protocol protocol) {
        this.loop = loop;
        this.protocol = protocol;
    }

    /** A connection of {@code runner}'s (this loop's) site on an embedded transport, made. */
    static EmbeddedTransport connect(AppRunner runner, EventLoop loop) {
        HttpConnection c = new HttpConnection(runner.site(), loop);
        EmbeddedTransport t = new EmbeddedTransport(loop, c);
        c.connectionMade(t);
        return t;
    }

    /** Hands {@code text} (ISO-8859-1) to the connection as one read. */
    void receive(String text) {
        protocol.dataReceived(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The write calls so far, each as text. */
    List<String> writes() {
        return writes;
    }

    /** Everything written so far. */
    String output() {
        return String.join("", writes);
    }

    /** Tells the connection the socket's buffer is full, or drained again. */
    void writable(boolean yes) {
        if (yes) {
            protocol.resumeWriting();
        } else {
            protocol.pauseWriting();
        }
    }

    @Override
    public void write(byte[] data) {
        if (closing) {
            return;
        }
        writes.add(new String(data, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void writelines(List<byte[]> chunks) {
        if (closing) {
            return;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            all.writeBytes(c);
        }
        writes.add(all.toString(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void writeEof() {
        eofWritten = true;
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void resumeReading() {
        reading = true;
    }

    @Override
    public boolean isReading() {
        return reading && !closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        throw new UnsupportedOperationException("EmbeddedTransport has no write buffer");
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {0, 0};
    }

    @Override
    public int getWriteBufferSize() {
        return 0;
    }

    @Override
    public void abort() {
        close();
    }

    @Override
    public void close() {
        if (!closing) {
            closing = true;
            loop.callSoon(() -> protocol.connectionLost(null));
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    boolean eofWritten() {
        return eofWritten;
    }

    @Override
    public Object getExtraInfo(String name) {
        return null;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        throw new UnsupportedOperationException("EmbeddedTransport keeps its protocol");
    }

    @Override
    public String toString() {
        return "<EmbeddedTransport writes=" + writes.size() + (closing ? " closing" : "") + ">";
    }
}
