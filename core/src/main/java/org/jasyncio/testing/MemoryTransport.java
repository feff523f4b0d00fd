package org.jasyncio.testing;

import java.util.ArrayDeque;
import java.util.Objects;

import org.jasyncio.EventLoop;
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
final class MemoryTransport implements Transport {
    /**
     * <pre>
     * OPEN --close() with data pending--> CLOSING --delivered--> CLOSED
     * OPEN --close() / abort() / peer gone--> CLOSED
     * </pre>
     */
    enum State { OPEN, CLOSING, CLOSED }

    private final EventLoop loop;
    private final String name;
    private BaseProtocol protocol;
    private MemoryTransport peer;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private int pendingSize;
    private int high = 64 * 1024;
    private int low = 16 * 1024;
    private boolean protocolPaused;
    private boolean readingPaused;
    private boolean eofWritten;
    private boolean eofDelivered;
    private boolean deliveryScheduled;
    private State state = State.OPEN;

    MemoryTransport(EventLoop loop, String name, BaseProtocol protocol) {
        this.loop = loop;
        this.name = name;
        this.protocol = protocol;
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
        if (state != State.OPEN || data.length == 0) {
            return;
        }
        pending.add(data.clone());
        pendingSize += data.length;
        if (!protocolPaused && pendingSize > high) {
            protocolPaused = true;
            protocol.pauseWriting();
        }
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
        if (state == State.CLOSED && pending.isEmpty() && eofDelivered) {
            return;
        }
        if (peer.state == State.CLOSED) {
            if (!pending.isEmpty()) {
                pending.clear();
                pendingSize = 0;
                finish(new ConnectionResetError("Connection lost writing to " + peer.name + ": it was closed"
                        + " (in-memory stream reset by peer)"));
            }
            return;
        }
        while (!pending.isEmpty() && !peer.readingPaused) {
            byte[] d = pending.poll();
            pendingSize -= d.length;
            ((Protocol) peer.protocol).dataReceived(d);
        }
        if (protocolPaused && pendingSize <= low) {
            protocolPaused = false;
            protocol.resumeWriting();
        }
        if (pending.isEmpty() && (eofWritten || state != State.OPEN) && !eofDelivered) {
            eofDelivered = true;
            peer.eofFromPeer();
        }
        if (pending.isEmpty() && state == State.CLOSING) {
            finish(null);
        }
    }

    private void eofFromPeer() {
        if (state == State.CLOSED) {
            return;
        }
        boolean keepOpen = ((Protocol) protocol).eofReceived();
        if (!keepOpen) {
            close();
        }
    }

    private void finish(Exception exc) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        loop.callSoon(() -> protocol.connectionLost(exc));
        if (!eofDelivered && exc == null) {
            eofDelivered = true;
            loop.callSoon(peer::eofFromPeer);
        }
    }

    @Override
    public void writeEof() {
        if (state != State.OPEN || eofWritten) {
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
        return state == State.OPEN && !readingPaused;
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
        return pendingSize;
    }

    @Override
    public void abort() {
        if (state == State.CLOSED) {
            return;
        }
        pending.clear();
        pendingSize = 0;
        eofDelivered = true;
        finish(null);
        MemoryTransport p = peer;
        loop.callSoon(() -> {
            if (p.state != State.CLOSED) {
                p.pending.clear();
                p.pendingSize = 0;
                p.finish(new ConnectionResetError("Connection reset by peer " + name + " (in-memory abort)"));
            }
        });
    }

    @Override
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        state = State.CLOSING;
        scheduleDelivery();
    }

    @Override
    public boolean isClosing() {
        return state != State.OPEN;
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
        return "<MemoryTransport " + name + " " + state.name().toLowerCase() + " pending=" + pendingSize
                + (readingPaused ? " read=paused" : "") + ">";
    }
}
