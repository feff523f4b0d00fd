package org.jasyncio.testing;

import java.util.Objects;
import org.jasyncio.EventLoop;
import org.jasyncio.internal.net.WriteBuffer;
import org.jasyncio.internal.net.WriteBuffer.State;
import org.jasyncio.internal.net.WriteSide;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.ConnectionResetError;
import org.jasyncio.net.Protocol;
import org.jasyncio.net.Transport;

/**
 * One end of an in-memory connection: bytes written here are delivered to the peer's protocol in a
 * later loop iteration, as a socket would. While the peer has paused reading, written bytes stay in
 * this end's buffer, so the writer's protocol is paused above the high-water mark: flow control
 * behaves as over a socket with no kernel buffer. Loop thread only.
 */
final class MemoryTransport implements Transport, WriteSide {
    private final EventLoop loop;
    private final String name;
    private BaseProtocol protocol;
    private MemoryTransport peer;
    /**
     * The bytes written and not yet delivered, flow control and the closing state: close() moves to
     * CLOSING and the delivery of what is pending to CLOSED; abort() or the peer gone to CLOSED at once.
     */
    private final WriteBuffer<byte[]> pending;

    private boolean readingPaused;
    private boolean eofWritten;
    private boolean eofDelivered;
    private boolean deliveryScheduled;

    MemoryTransport(EventLoop loop, String name, BaseProtocol protocol) {
        this.loop = loop;
        this.name = name;
        this.protocol = protocol;
        this.pending =
                new WriteBuffer<>(loop, this, () -> this.protocol.pauseWriting(), () -> this.protocol.resumeWriting());
    }

    /** Wires two ends to each other; their protocols' connectionMade is the caller's to call. */
    static void link(MemoryTransport a, MemoryTransport b) {
        a.peer = b;
        b.peer = a;
    }

    @Override
    public void write(byte[] data) {
        if (eofWritten) {
            throw new IllegalStateException("write() called on " + this + " after writeEof()");
        }
        if (pending.isClosing() || data.length == 0) {
            return;
        }
        pending.add(data.clone(), data.length);
        scheduleDelivery();
    }

    private void scheduleDelivery() {
        if (!deliveryScheduled) {
            deliveryScheduled = true;
            loop.callSoon(this::deliver);
        }
    }

    private void deliver() {
        deliveryScheduled = false;
        if (state() == State.CLOSED && pending.isEmpty() && eofDelivered) {
            return;
        }
        if (peer.state() == State.CLOSED) {
            if (!pending.isEmpty()) {
                finish(new ConnectionResetError("Connection lost writing to " + peer.name + ": it was closed"
                        + " (in-memory stream reset by peer)"));
            }
            return;
        }
        while (!pending.isEmpty() && !peer.readingPaused) {
            byte[] d = pending.poll();
            pending.consumed(d.length);
            ((Protocol) peer.protocol).dataReceived(d);
        }
        pending.maybeResumeProtocol();
        if (pending.isEmpty() && (eofWritten || pending.isClosing()) && !eofDelivered) {
            eofDelivered = true;
            peer.eofFromPeer();
        }
        if (pending.isEmpty() && state() == State.CLOSING) {
            finish(null);
        }
    }

    private void eofFromPeer() {
        if (state() == State.CLOSED) {
            return;
        }
        boolean keepOpen = ((Protocol) protocol).eofReceived();
        if (!keepOpen) {
            close();
        }
    }

    /** Moves to CLOSED, dropping what is pending, and schedules connectionLost. */
    private void finish(Exception exc) {
        if (!pending.markClosed()) {
            return;
        }
        loop.callSoon(() -> protocol.connectionLost(exc));
        if (!eofDelivered && exc == null) {
            eofDelivered = true;
            loop.callSoon(peer::eofFromPeer);
        }
    }

    @Override
    public void writeEof() {
        if (pending.isClosing() || eofWritten) {
            return;
        }
        eofWritten = true;
        scheduleDelivery();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
    }

    @Override
    public void resumeReading() {
        if (readingPaused) {
            readingPaused = false;
            peer.scheduleDelivery();
        }
    }

    @Override
    public boolean isReading() {
        return !pending.isClosing() && !readingPaused;
    }

    @Override
    public void abort() {
        if (state() == State.CLOSED) {
            return;
        }
        eofDelivered = true;
        finish(null);
        MemoryTransport p = peer;
        loop.callSoon(() -> {
            if (p.state() != State.CLOSED) {
                p.finish(new ConnectionResetError("Connection reset by peer " + name + " (in-memory abort)"));
            }
        });
    }

    @Override
    public void close() {
        if (pending.startClosing()) {
            scheduleDelivery();
        }
    }

    private State state() {
        return pending.state();
    }

    @Override
    public WriteBuffer<?> writeBuffer() {
        return pending;
    }

    @Override
    public Object getExtraInfo(String key) {
        return switch (key) {
            case "peername" -> peer.name;
            case "sockname" -> name;
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

    @Override
    public String toString() {
        return "<MemoryTransport " + name + " " + state().name().toLowerCase() + " pending=" + pending.size()
                + (readingPaused ? " read=paused" : "") + ">";
    }
}
