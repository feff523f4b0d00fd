package org.jasyncio.process;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.internal.net.WriteBuffer;
import org.jasyncio.internal.net.WriteSide;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.ConnectionResetError;

/**
 * Writes to a child's input pipe for a {@link org.jasyncio.net.StreamWriter}. A dedicated platform
 * thread does the blocking writes; the loop side counts the bytes not yet written and pauses the
 * protocol above the high-water mark, so {@code drain()} waits for the child to read.
 */
final class PipeWriteTransport implements WriteSide {
    /** Tells the writer thread to close the pipe once everything before it is written. */
    private static final byte[] CLOSE = new byte[0];

    private final EventLoop loop;
    private final OutputStream out;
    private final String name;
    /** The hand-off to the writer thread: what {@link #buffer} holds, in order, then {@link #CLOSE}. */
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    /** Completed by the writer thread when it ends. */
    final CompletableFuture<Void> done = new CompletableFuture<>();

    private BaseProtocol protocol;
    /**
     * The chunks queued and not yet written, flow control and the closing state: close, writeEof and
     * abort move to CLOSING (the writer thread then closes the pipe), the pipe closed or failed to
     * CLOSED. Loop thread only.
     */
    private final WriteBuffer<byte[]> buffer;

    PipeWriteTransport(EventLoop loop, OutputStream out, BaseProtocol protocol, String name) {
        this.loop = loop;
        this.out = out;
        this.protocol = protocol;
        this.name = name;
        this.buffer =
                new WriteBuffer<>(loop, this, () -> this.protocol.pauseWriting(), () -> this.protocol.resumeWriting());
    }

    void start() {
        Thread t = new Thread(this::pump, name);
        t.setDaemon(true);
        t.start();
    }

    private void pump() {
        IOException failure = null;
        try {
            while (true) {
                byte[] d = queue.take();
                if (d == CLOSE) {
                    break;
                }
                out.write(d);
                out.flush();
                int n = d.length;
                loop.callSoonThreadsafe(() -> written(n));
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException | IllegalStateException e) {
            // interrupted, or the loop is closed
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                }
            }
            IOException f = failure;
            try {
                loop.callSoonThreadsafe(() -> lost(f));
            } catch (IllegalStateException closedLoop) {
                // nobody to tell
            }
            done.complete(null);
        }
    }

    /** The writer thread wrote the oldest chunk, of {@code n} bytes. */
    private void written(int n) {
        buffer.poll();
        buffer.sent(n);
    }

    private void lost(IOException failure) {
        if (!buffer.markClosed()) {
            return;
        }
        queue.clear();
        Exception exc = failure == null
                ? null
                : new ConnectionResetError("Broken pipe writing to " + name + ": " + failure.getMessage(), failure);
        try {
            protocol.connectionLost(exc);
        } catch (RuntimeException e) {
            loop.callExceptionHandler(new ExceptionContext("connectionLost() failed on " + this, e));
        }
    }

    @Override
    public void write(byte[] data) {
        if (buffer.isClosing() || data.length == 0) {
            return; // as asyncio: writes after close or loss are dropped; drain() reports the loss
        }
        byte[] copy = data.clone();
        queue.add(copy);
        buffer.add(copy, copy.length);
    }

    @Override
    public void writeEof() {
        close();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void close() {
        if (buffer.startClosing()) {
            queue.add(CLOSE);
        }
    }

    @Override
    public void abort() {
        if (buffer.state() == WriteBuffer.State.CLOSED) {
            return;
        }
        buffer.startClosing();
        queue.clear(); // what the thread has not taken yet is never written; written() counts only the rest
        queue.add(CLOSE);
    }

    @Override
    public WriteBuffer<?> writeBuffer() {
        return buffer;
    }

    @Override
    public Object getExtraInfo(String key) {
        return "pipe".equals(key) ? out : null;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public String toString() {
        return "<PipeWriteTransport " + name + " " + buffer.state().name().toLowerCase() + " bufsize="
                + buffer.longSize() + ">";
    }
}
