package org.jasyncio.process;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.ConnectionResetError;
import org.jasyncio.net.Transport;

/**
 * Writes to a child's input pipe for a {@link org.jasyncio.net.StreamWriter}. A dedicated platform
 * thread does the blocking writes; the loop side counts the bytes not yet written and pauses the
 * protocol above the high-water mark, so {@code drain()} waits for the child to read.
 */
final class PipeWriteTransport implements Transport {
    /** Tells the writer thread to close the pipe once everything before it is written. */
    private static final byte[] CLOSE = new byte[0];

    /**
     * <pre>
     * OPEN --close/writeEof/abort--> CLOSING --pipe closed or failed--> CLOSED
     * OPEN --write failed--> CLOSED
     * </pre>
     */
    enum State { OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final OutputStream out;
    private final String name;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    /** Completed by the writer thread when it ends. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private BaseProtocol protocol;
    /** Loop thread only. */
    private State state = State.OPEN;
    /** Bytes queued and not yet written. Loop thread only. */
    private int bufferSize;
    private int high = 64 * 1024;
    private int low = 16 * 1024;
    private boolean protocolPaused;

    PipeWriteTransport(EventLoop loop, OutputStream out, BaseProtocol protocol, String name) {
        this.loop = loop;
        this.out = out;
        this.protocol = protocol;
        this.name = name;
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

    private void written(int n) {
        bufferSize -= n;
        if (protocolPaused && bufferSize <= low) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
    }

    private void lost(IOException failure) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        bufferSize = 0;
        queue.clear();
        Exception exc = failure == null ? null
                : new ConnectionResetError("Broken pipe writing to " + name + ": " + failure.getMessage(), failure);
        try {
            protocol.connectionLost(exc);
        } catch (RuntimeException e) {
            loop.callExceptionHandler(new ExceptionContext("connectionLost() failed on " + this, e));
        }
    }

    @Override
    public void write(byte[] data) {
        if (state != State.OPEN || data.length == 0) {
            return; // as asyncio: writes after close or loss are dropped; drain() reports the loss
        }
        byte[] copy = data.clone();
        bufferSize += copy.length;
        queue.add(copy);
        if (!protocolPaused && bufferSize > high) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
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
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        queue.add(CLOSE);
    }

    @Override
    public void abort() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSING;
        queue.clear();
        queue.add(CLOSE);
    }

    @Override
    public boolean isClosing() {
        return state != State.OPEN;
    }

    @Override
    public void pauseReading() {
        throw new UnsupportedOperationException(this + " is write-only");
    }

    @Override
    public void resumeReading() {
        throw new UnsupportedOperationException(this + " is write-only");
    }

    @Override
    public boolean isReading() {
        return false;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        int h = high < 0 ? 64 * 1024 : high;
        int l = low < 0 ? h / 4 : low;
        if (!(0 <= l && l <= h)) {
            throw new IllegalArgumentException("high (" + h + ") must be >= low (" + l + ") must be >= 0");
        }
        this.high = h;
        this.low = l;
    }

    @Override
    public int[] getWriteBufferLimits() {
        return new int[] {low, high};
    }

    @Override
    public int getWriteBufferSize() {
        return bufferSize;
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
        return "<PipeWriteTransport " + name + " " + state.name().toLowerCase() + " bufsize=" + bufferSize + ">";
    }
}
