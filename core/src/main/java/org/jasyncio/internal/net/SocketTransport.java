package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.BufferedProtocol;
import org.jasyncio.net.ConnectionResetError;
import org.jasyncio.net.Protocol;
import org.jasyncio.net.Transport;

/**
 * The {@link Transport} of a connected {@link SocketChannel} (TCP or Unix-domain), driven by the loop's
 * selector through {@link EventLoop#addReader}/{@link EventLoop#addWriter} (asyncio's
 * {@code _SelectorSocketTransport}). No thread of its own: every method runs on the loop thread.
 */
public final class SocketTransport implements Transport, WriteSide {
    /** The most one read takes from the socket (asyncio's max_size). */
    public static final int MAX_READ = 256 * 1024;
    /**
     * The most one write syscall is offered: bounds the JDK's copy of heap bytes into its temporary
     * direct buffer (and the size of that buffer, cached per thread) to what a socket takes in one go,
     * so a big backlog costs linear copying, not one copy of all of it per writable event.
     */
    public static final int WRITE_BUDGET = 256 * 1024;
    /** The most chunks one gathering write takes. */
    static final int GATHER = 64;
    /**
     * One read buffer per loop thread, direct: the kernel writes straight into it and the bytes are
     * copied once, into the array handed to the protocol. (A heap buffer costs a second copy: the JDK
     * reads into a temporary direct buffer and copies that into the heap one.)
     */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_READ));

    private final EventLoop loop;
    private final SocketChannel channel;
    private final boolean unix;
    /**
     * Chunks not yet written, flow control and the closing state: close() with data buffered moves to
     * CLOSING and the drained buffer to CLOSED; close() with an empty buffer, abort() or a fatal error
     * to CLOSED at once. CLOSED means connectionLost is scheduled (exactly once) and the channel
     * closes right after it. Loop thread only.
     */
    private final WriteBuffer<ByteBuffer> buffer;
    /**
     * The array of a gathering write, reused; all null between two writes. Made on the first backlog:
     * a connection whose writes always fit the socket never needs it. Loop thread only.
     */
    private ByteBuffer[] gather;
    /** The reader and writer callbacks, made once: a method reference passed anew is an allocation per call. */
    private final Runnable onReadable = this::readReady;

    private final Runnable onWritable = this::writeReady;
    /**
     * {@link #READ_BUFFER}'s buffer for {@link #readBufferThread}, remembered so that a read costs a
     * thread comparison instead of a ThreadLocal lookup. Not looked up once for good in the
     * constructor: on the virtual-thread engine the constructor may run on a task's virtual thread
     * (whose buffer would be a second 256 KiB, never used by the loop), and a loop may later be run
     * by another thread, while the first one runs another loop whose transports read into the same
     * buffer. The buffer is only ever used by the thread it belongs to, within one readReady().
     * Loop thread only.
     */
    private ByteBuffer readBuffer;

    private Thread readBufferThread;
    private BaseProtocol protocol;
    private boolean readingPaused;
    private boolean eofWritten;
    private boolean eofReceived;
    /** Called once the channel is closed (a server forgets its client). */
    private Consumer<SocketTransport> onClosed;

    private final SocketAddress peer;
    private final SocketAddress local;

    SocketTransport(EventLoop loop, SocketChannel channel, BaseProtocol protocol, boolean unix) {
        this.loop = loop;
        this.channel = channel;
        this.protocol = Objects.requireNonNull(protocol, "protocol factory returned null");
        this.unix = unix;
        this.buffer =
                new WriteBuffer<>(loop, this, () -> this.protocol.pauseWriting(), () -> this.protocol.resumeWriting());
        SocketAddress p = null;
        SocketAddress l = null;
        try {
            channel.configureBlocking(false); // a blocking write on the loop would stall every task

            p = channel.getRemoteAddress();
            l = channel.getLocalAddress();
        } catch (IOException ignored) {
            // a socket closed already: connectionLost follows soon
        }
        this.peer = p;
        this.local = l;
    }

    /**
     * Starts the transport: connectionMade, then reading, both soon (as asyncio does).
     *
     * @param onClosed called once the channel is closed, or {@code null}
     * @param waiter completed once connectionMade returned (failed if it threw), or {@code null}
     */
    void start(Consumer<SocketTransport> onClosed, org.jasyncio.Future<Void> waiter) {
        this.onClosed = onClosed;
        loop.callSoon(() -> {
            // Called even if the transport was aborted meanwhile: the protocol always sees
            // connectionMade before connectionLost (scheduled after this), as in asyncio.
            try {
                protocol.connectionMade(this);
            } catch (RuntimeException e) {
                if (waiter != null && !waiter.done()) {
                    waiter.setException(e);
                }
                fatalError(e, "Fatal error: protocol.connectionMade() call failed.");
                return;
            }
            if (waiter != null && !waiter.done()) {
                waiter.setResult(null); // even if connectionMade closed it: as asyncio, the caller gets it
            }
            loop.callSoon(() -> {
                if (!buffer.isClosing() && !readingPaused) {
                    loop.addReader(channel, onReadable);
                }
            });
        });
    }

    // ---- reading ----

    private void readReady() {
        if (buffer.state() == WriteBuffer.State.CLOSED) {
            return;
        }
        if (protocol instanceof BufferedProtocol bp) {
            readIntoBuffered(bp);
            return;
        }
        ByteBuffer buf = readBuffer;
        Thread current = Thread.currentThread();
        if (readBufferThread != current) {
            buf = readBuffer = READ_BUFFER.get();
            readBufferThread = current;
        }
        buf.clear();
        int n = read(buf);
        if (n <= 0) {
            return;
        }
        byte[] data = new byte[n];
        buf.flip().get(data);
        try {
            ((Protocol) protocol).dataReceived(data);
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.dataReceived() call failed.");
        }
    }

    private void readIntoBuffered(BufferedProtocol bp) {
        ByteBuffer buf;
        try {
            buf = bp.getBuffer(-1);
            if (buf == null || !buf.hasRemaining()) {
                throw new IllegalStateException("getBuffer() of " + bp + " returned an empty buffer");
            }
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.getBuffer() call failed.");
            return;
        }
        int n = read(buf);
        if (n <= 0) {
            return;
        }
        try {
            bp.bufferUpdated(n);
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.bufferUpdated() call failed.");
        }
    }

    /** Reads into {@code buf}: the count, or 0 after nothing, or -1 after handling end of stream or a failure. */
    private int read(ByteBuffer buf) {
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            fatalError(reset("reading from", e), "Fatal read error on socket transport");
            return -1;
        }
        if (n < 0) {
            readEof();
        }
        return n;
    }

    private void readEof() {
        eofReceived = true;
        loop.removeReader(channel);
        boolean keepOpen;
        try {
            keepOpen = protocol instanceof Protocol p
                    ? p.eofReceived()
                    : protocol instanceof BufferedProtocol bp && bp.eofReceived();
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.eofReceived() call failed.");
            return;
        }
        if (!keepOpen) {
            close();
        }
    }

    @Override
    public void pauseReading() {
        if (buffer.isClosing() || readingPaused) {
            return;
        }
        readingPaused = true;
        loop.removeReader(channel);
    }

    @Override
    public void resumeReading() {
        if (buffer.isClosing() || !readingPaused) {
            return;
        }
        readingPaused = false;
        if (!eofReceived) {
            loop.addReader(channel, onReadable);
        }
    }

    @Override
    public boolean isReading() {
        return !buffer.isClosing() && !readingPaused;
    }

    // ---- writing ----

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (eofWritten) {
            throw new IllegalStateException("write() called on " + this + " after writeEof()");
        }
        if (len == 0 || buffer.state() == WriteBuffer.State.CLOSED) {
            return; // asyncio drops writes after the connection is lost (drain() reports the loss)
        }
        ByteBuffer chunk;
        if (buffer.isEmpty()) {
            int sent;
            try {
                sent = writeNow(data, off, len);
            } catch (IOException e) {
                fatalError(reset("writing to", e), "Fatal write error on socket transport");
                return;
            }
            if (sent == len) {
                return;
            }
            // Copied, as asyncio copies into its buffer: the caller may reuse its array once write() returns.
            chunk = ByteBuffer.wrap(Arrays.copyOfRange(data, off + sent, off + len));
            loop.addWriter(channel, onWritable);
        } else {
            chunk = ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + len));
        }
        buffer.add(chunk, chunk.remaining());
    }

    @Override
    public void write(ByteBuffer data) {
        if (data.hasArray()) {
            write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            return;
        }
        if (eofWritten) {
            throw new IllegalStateException("write() called on " + this + " after writeEof()");
        }
        if (!data.hasRemaining() || buffer.state() == WriteBuffer.State.CLOSED) {
            data.position(data.limit());
            return; // dropped after the connection is lost, as write(byte[]) does
        }
        boolean wasEmpty = buffer.isEmpty();
        if (wasEmpty) {
            try {
                writeNow(data);
            } catch (IOException e) {
                fatalError(reset("writing to", e), "Fatal write error on socket transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
        }
        // Copied, as for a byte[]: the caller may reuse its buffer once write() returns.
        ByteBuffer chunk = ByteBuffer.allocate(data.remaining()).put(data).flip();
        if (wasEmpty) {
            loop.addWriter(channel, onWritable);
        }
        buffer.add(chunk, chunk.remaining());
    }

    /** Writes what the socket takes of {@code data}, at most {@link #WRITE_BUDGET} bytes a syscall. */
    private void writeNow(ByteBuffer data) throws IOException {
        int limit = data.limit();
        try {
            while (data.hasRemaining()) {
                int offered = Math.min(data.remaining(), WRITE_BUDGET);
                data.limit(data.position() + offered);
                int n = channel.write(data);
                data.limit(limit);
                if (n < offered) {
                    return;
                }
            }
        } finally {
            data.limit(limit);
        }
    }

    /**
     * As {@link #write} of the chunks' concatenation, without concatenating: while the buffer is empty,
     * gathering writes straight from the chunks (at most {@link #GATHER} of them and
     * {@link #WRITE_BUDGET} bytes a syscall) until all is sent or the socket is full; what is left is
     * copied once, into one buffered chunk. A null chunk fails before anything is written.
     */
    @Override
    public void writelines(List<byte[]> chunks) {
        byte[][] parts = chunks.toArray(new byte[0][]); // a snapshot: the list may be the caller's to change
        long total = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) {
                throw new NullPointerException("writelines() on " + this + ": chunk " + i + " is null");
            }
            total += parts[i].length;
        }
        if (eofWritten) {
            throw new IllegalStateException("writelines() called on " + this + " after writeEof()");
        }
        if (total == 0 || buffer.state() == WriteBuffer.State.CLOSED) {
            return; // asyncio drops writes after the connection is lost (drain() reports the loss)
        }
        long sent = 0;
        if (buffer.isEmpty()) {
            try {
                sent = writeNow(parts, total);
            } catch (IOException e) {
                fatalError(reset("writing to", e), "Fatal write error on socket transport");
                return;
            }
            if (sent == total) {
                return;
            }
            loop.addWriter(channel, onWritable);
        }
        bufferRest(parts, sent, total - sent);
    }

    /** The gathering twin of {@link #writeNow(byte[], int, int)}: the count of the chunks' bytes sent. */
    private long writeNow(byte[][] parts, long total) throws IOException {
        ByteBuffer[] bufs = gatherArray();
        long sent = 0;
        int part = 0; // the first chunk not wholly sent, and
        int off = 0; // how much of it was
        try {
            while (sent < total) {
                int used = 0;
                int budget = WRITE_BUDGET;
                for (int j = part, o = off; j < parts.length && used < GATHER && budget > 0; j++, o = 0) {
                    int len = parts[j].length - o;
                    if (len > 0) {
                        int take = Math.min(len, budget);
                        bufs[used++] = ByteBuffer.wrap(parts[j], o, take);
                        budget -= take;
                    }
                }
                long offered = WRITE_BUDGET - budget;
                long n = channel.write(bufs, 0, used);
                sent += n;
                for (long left = n; left > 0 || (part < parts.length && off == parts[part].length); ) {
                    int rest = parts[part].length - off;
                    if (left >= rest) {
                        left -= rest;
                        part++;
                        off = 0;
                    } else {
                        off += (int) left;
                        left = 0;
                    }
                }
                if (n < offered) {
                    break;
                }
            }
        } finally {
            Arrays.fill(bufs, null);
        }
        return sent;
    }

    /**
     * Buffers the chunks' bytes from {@code skip} on ({@code rest} of them), copied: into one chunk, or
     * one per chunk if together they pass the largest array.
     */
    private void bufferRest(byte[][] parts, long skip, long rest) {
        boolean one = rest <= Integer.MAX_VALUE - 8;
        byte[] all = one ? new byte[(int) rest] : null;
        int at = 0;
        for (byte[] p : parts) {
            int from = (int) Math.min(skip, p.length);
            skip -= from;
            if (from == p.length) {
                continue;
            }
            if (one) {
                System.arraycopy(p, from, all, at, p.length - from);
                at += p.length - from;
            } else {
                buffer.add(ByteBuffer.wrap(Arrays.copyOfRange(p, from, p.length)), p.length - from);
            }
        }
        if (one) {
            buffer.add(ByteBuffer.wrap(all), all.length);
        }
    }

    private ByteBuffer[] gatherArray() {
        ByteBuffer[] bufs = gather;
        if (bufs == null) {
            bufs = gather = new ByteBuffer[GATHER];
        }
        return bufs;
    }

    /**
     * Hands {@code data[off, off+len)} to the socket, at most {@link #WRITE_BUDGET} bytes a syscall,
     * until all is sent or the socket takes less than it was offered (it is full); returns the count sent.
     * Why the budget: the JDK copies every remaining byte of a heap buffer into a temporary direct
     * buffer before the syscall, however few the socket then takes, and keeps that buffer cached per
     * thread; offering a 10 MiB array whole would copy 10 MiB to send perhaps 200 KiB.
     */
    private int writeNow(byte[] data, int off, int len) throws IOException {
        int sent = 0;
        while (sent < len) {
            int offered = Math.min(len - sent, WRITE_BUDGET);
            int n = channel.write(ByteBuffer.wrap(data, off + sent, offered));
            sent += n;
            if (n < offered) {
                break;
            }
        }
        return sent;
    }

    /**
     * The socket is writable: one gathering write of the oldest chunks, at most {@link #GATHER} of them
     * and {@link #WRITE_BUDGET} bytes (the last chunk taken cut short by its limit for the syscall),
     * then the chunks sent are dropped and the protocol resumed, the transport finished or half-closed
     * if the buffer is drained.
     */
    private void writeReady() {
        if (buffer.state() == WriteBuffer.State.CLOSED) {
            return;
        }
        ByteBuffer[] bufs = gatherArray();
        int count = buffer.head(bufs);
        int used = 0;
        int budget = WRITE_BUDGET;
        ByteBuffer cut = null;
        int cutLimit = 0;
        while (used < count && budget > 0) {
            ByteBuffer b = bufs[used++];
            int remaining = b.remaining();
            if (remaining > budget) {
                cut = b;
                cutLimit = b.limit();
                b.limit(b.position() + budget);
                budget = 0;
            } else {
                budget -= remaining;
            }
        }
        long n;
        try {
            n = channel.write(bufs, 0, used);
        } catch (IOException e) {
            loop.removeWriter(channel);
            buffer.clear();
            fatalError(reset("writing to", e), "Fatal write error on socket transport");
            return;
        } finally {
            if (cut != null) {
                cut.limit(cutLimit);
            }
            Arrays.fill(bufs, 0, count, null); // no chunk kept alive by the reused array
        }
        while (!buffer.isEmpty() && !buffer.peek().hasRemaining()) {
            buffer.poll();
        }
        buffer.sent(n);
        if (buffer.isEmpty()) {
            loop.removeWriter(channel);
            if (buffer.state() == WriteBuffer.State.CLOSING) {
                finish(null);
            } else if (eofWritten) {
                shutdownOutput();
            }
        }
    }

    @Override
    public void writeEof() {
        if (buffer.isClosing() || eofWritten) {
            return;
        }
        eofWritten = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(reset("half-closing", e), "Fatal error on shutdownOutput()");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public WriteBuffer<?> writeBuffer() {
        return buffer;
    }

    // ---- closing ----

    @Override
    public void close() {
        if (!buffer.startClosing()) {
            return;
        }
        loop.removeReader(channel);
        if (buffer.isEmpty()) {
            finish(null);
        }
    }

    @Override
    public void abort() {
        finish(null);
    }

    private void fatalError(Exception e, String message) {
        if (!(e instanceof IOException)) {
            report(message, e);
        }
        finish(e);
    }

    /** Moves to CLOSED, dropping what is buffered, and schedules connectionLost, then the channel's close. */
    private void finish(Exception exc) {
        if (!buffer.markClosed()) {
            return;
        }
        loop.removeReader(channel);
        loop.removeWriter(channel);
        loop.callSoon(() -> {
            try {
                protocol.connectionLost(exc);
            } finally {
                closeChannel();
            }
        });
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do for a socket that will not close cleanly
        }
        if (onClosed != null) {
            onClosed.accept(this);
        }
    }

    private ConnectionResetError reset(String doing, IOException e) {
        if (e instanceof ConnectionResetError r) {
            return r;
        }
        String what = e instanceof ClosedChannelException ? "the socket was closed" : String.valueOf(e.getMessage());
        return new ConnectionResetError(
                "Connection lost " + doing + " " + (peer == null ? "the peer" : peer) + ": " + what + " ("
                        + (unix ? "unix" : "tcp") + " connection reset by peer?)",
                e);
    }

    private void report(String message, Throwable e) {
        loop.callExceptionHandler(new ExceptionContext(message + " on " + this, e));
    }

    // ---- information ----

    @Override
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "peername" -> peer;
            case "sockname" -> local;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "<SocketTransport " + buffer.state().name().toLowerCase() + (unix ? " unix" : " tcp") + " peer=" + peer
                + (readingPaused ? " read=paused" : "") + " bufsize=" + buffer.longSize() + ">";
    }
}
