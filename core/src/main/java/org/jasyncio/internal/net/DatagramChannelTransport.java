package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Objects;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.net.DatagramProtocol;
import org.jasyncio.net.DatagramTransport;

/**
 * The {@link DatagramTransport} of a {@link DatagramChannel}, on the loop's selector (asyncio's
 * {@code _SelectorDatagramTransport}). Loop thread only.
 */
final class DatagramChannelTransport implements DatagramTransport {
    private static final int MAX_DATAGRAM = 65536;

    private record Queued(ByteBuffer data, SocketAddress addr) {}

    private final EventLoop loop;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    private final SocketAddress remote;
    /**
     * The datagrams not yet sent, flow control (at the default marks) and the closing state: close()
     * with datagrams queued moves to CLOSING and their sending to CLOSED; close() with none queued or
     * abort() to CLOSED at once. Loop thread only.
     */
    private final WriteBuffer<Queued> queue;

    private final ByteBuffer readBuffer = ByteBuffer.allocate(MAX_DATAGRAM);

    DatagramChannelTransport(EventLoop loop, DatagramChannel channel, DatagramProtocol protocol, SocketAddress remote)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = Objects.requireNonNull(protocol, "protocol factory returned null");
        this.remote = remote;
        this.queue = new WriteBuffer<>(loop, this, this.protocol::pauseWriting, this.protocol::resumeWriting);
        channel.configureBlocking(false);
    }

    void start(org.jasyncio.Future<Void> waiter) {
        loop.callSoon(() -> {
            try {
                protocol.connectionMade(this);
            } catch (RuntimeException e) {
                waiter.setException(e);
                abort();
                return;
            }
            waiter.setResult(null);
            if (!queue.isClosing()) {
                loop.addReader(channel, this::readReady);
            }
        });
    }

    private void readReady() {
        for (int i = 0; i < 64 && queue.state() != WriteBuffer.State.CLOSED; i++) {
            readBuffer.clear();
            SocketAddress from;
            try {
                from = channel.receive(readBuffer);
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            if (from == null) {
                return;
            }
            if (remote != null && !remote.equals(from)) {
                continue; // arrived while a zero-length send had the channel disconnected
            }
            protocol.datagramReceived(Arrays.copyOf(readBuffer.array(), readBuffer.position()), from);
        }
    }

    @Override
    public void sendto(byte[] data) {
        if (remote == null) {
            throw new IllegalStateException("sendto() without an address on " + this + ", which has no remote address");
        }
        sendto(data, remote);
    }

    @Override
    public void sendto(byte[] data, SocketAddress addr) {
        Objects.requireNonNull(addr, "addr");
        if (remote != null && !remote.equals(addr)) {
            throw new IllegalArgumentException(
                    "Invalid address: must be None or " + remote + " on " + this + ", got " + addr);
        }
        if (queue.isClosing()) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(data.clone());
        if (queue.isEmpty()) {
            try {
                // A zero-length datagram also reports 0 bytes sent: count it as sent (a full UDP
                // buffer makes Linux drop, not refuse, datagrams in practice).
                if (send(buf, addr) > 0 || data.length == 0) {
                    return;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            loop.addWriter(channel, this::writeReady);
        }
        queue.add(new Queued(buf, addr), data.length);
    }

    private int send(ByteBuffer buf, SocketAddress addr) throws IOException {
        if (remote != null && !buf.hasRemaining()) {
            // The JDK skips zero-length writes on a connected DatagramChannel; UDP allows them. So
            // disconnect, send, reconnect: no packets involved, and readReady drops anything that
            // slips in from elsewhere meanwhile.
            channel.disconnect();
            try {
                channel.send(buf, addr);
            } finally {
                channel.connect(remote);
            }
            return 0;
        }
        return channel.send(buf, addr);
    }

    private void writeReady() {
        while (!queue.isEmpty()) {
            Queued q = queue.peek();
            int n;
            try {
                n = send(q.data(), q.addr());
            } catch (IOException e) {
                queue.poll();
                queue.consumed(q.data().capacity());
                protocol.errorReceived(e);
                continue;
            }
            if (n == 0 && q.data().capacity() > 0) {
                return; // still full: wait for the next writable event
            }
            queue.poll();
            queue.consumed(q.data().capacity());
        }
        loop.removeWriter(channel);
        queue.maybeResumeProtocol();
        if (queue.state() == WriteBuffer.State.CLOSING) {
            finish(null);
        }
    }

    @Override
    public void close() {
        if (!queue.startClosing()) {
            return;
        }
        loop.removeReader(channel);
        if (queue.isEmpty()) {
            finish(null);
        }
    }

    @Override
    public void abort() {
        finish(null);
    }

    /** Moves to CLOSED, dropping what is queued, and schedules connectionLost, then the channel's close. */
    private void finish(Exception exc) {
        if (!queue.markClosed()) {
            return;
        }
        if (channel.isOpen()) {
            loop.removeReader(channel);
            loop.removeWriter(channel);
        }
        loop.callSoon(() -> {
            try {
                protocol.connectionLost(exc);
            } catch (RuntimeException e) {
                loop.callExceptionHandler(new ExceptionContext("connectionLost() failed on " + this, e));
            } finally {
                Loops.closeQuietly(channel);
            }
        });
    }

    @Override
    public boolean isClosing() {
        return queue.isClosing();
    }

    @Override
    public int getWriteBufferSize() {
        return queue.size();
    }

    @Override
    public Object getExtraInfo(String name) {
        return switch (name) {
            case "sockname" -> {
                try {
                    yield channel.getLocalAddress();
                } catch (IOException e) {
                    yield null;
                }
            }
            case "peername" -> remote;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "<DatagramTransport " + queue.state().name().toLowerCase() + " remote=" + remote + " queued="
                + queue.size() + ">";
    }
}
