package org.jasyncio.redis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.net.Protocol;
import org.jasyncio.net.Transport;
import org.jasyncio.redis.resp.RespEncoder;
import org.jasyncio.redis.resp.RespParser;
import org.jasyncio.redis.resp.RespProtocolError;
import org.jasyncio.redis.resp.RespValue;

/**
 * One connection to a Redis server: the thin I/O shell around the sans-I/O codec. Commands are
 * written at once and their reply futures queued; {@link #dataReceived} feeds the parser and
 * completes the futures in order (Redis answers in the order it was asked). So any number of tasks
 * may send on one connection without waiting for each other's round trips: that is pipelining, for
 * free. Push messages ({@code >}) go to the push sink, never to a command.
 *
 * <p>A reply whose future was cancelled (its command timed out, or its task was cancelled) is read
 * and dropped: the order stays right, so a timeout never poisons the connection.
 *
 * <pre>
 * OPEN --connectionLost / protocol error / close()--> CLOSED (every queued future fails with RedisConnectionError)
 * </pre>
 * Loop thread only.
 */
final class RedisConnection implements Protocol {
    /** The connection's states. */
    enum State {
        OPEN,
        CLOSED
    }

    private final EventLoop loop;
    private final RespParser parser = new RespParser();
    /** Invariant: one future per command written whose reply has not been read yet, oldest first. */
    private final ArrayDeque<Future<RespValue>> pending = new ArrayDeque<>();

    private final String peer;
    private Transport transport;
    private State state = State.OPEN;
    private Consumer<RespValue> pushSink = v -> {};
    private Consumer<RedisConnectionError> lostSink = e -> {};
    /** Pub/sub on RESP2: every array that arrives is a message, none is a reply. */
    private boolean everythingIsPush;

    private int protocol = 2;

    private RedisConnection(EventLoop loop, String peer) {
        this.loop = loop;
        this.peer = peer;
    }

    /** Opens a TCP (or TLS) connection; no handshake yet. */
    static RedisConnection open(RedisOptions o) throws RedisConnectionError {
        EventLoop loop = Asyncio.getRunningLoop();
        try {
            var tp = loop.createConnection(
                    () -> new RedisConnection(loop, o.host() + ":" + o.port()), o.host(), o.port(), o.tls());
            return tp.protocol();
        } catch (IOException e) {
            throw new RedisConnectionError("cannot connect to Redis at " + o + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void connectionMade(Transport t) {
        this.transport = t;
    }

    /** Sends one command; its reply completes the returned future. */
    Future<RespValue> send(List<byte[]> args) throws RedisConnectionError {
        requireOpen();
        Future<RespValue> f = loop.createFuture();
        transport.write(RespEncoder.command(args));
        pending.add(f);
        return f;
    }

    /** Sends many commands in one write: one round trip for all. */
    List<Future<RespValue>> sendAll(List<List<byte[]>> commands) throws RedisConnectionError {
        requireOpen();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Future<RespValue>> fs = new ArrayList<>(commands.size());
        for (List<byte[]> c : commands) {
            RespEncoder.command(out, c);
            Future<RespValue> f = loop.createFuture();
            fs.add(f);
        }
        transport.write(out.toByteArray());
        pending.addAll(fs);
        return fs;
    }

    /** Sends a command whose answers come as pushes (SUBSCRIBE and friends). */
    void sendWithoutReply(List<byte[]> args) throws RedisConnectionError {
        requireOpen();
        transport.write(RespEncoder.command(args));
    }

    /**
     * Routes push messages (and, with {@code all}, every value: RESP2 pub/sub) to {@code sink}, and
     * the loss of the connection to {@code onLost}.
     */
    void pushSink(Consumer<RespValue> sink, boolean all, Consumer<RedisConnectionError> onLost) {
        this.pushSink = sink;
        this.everythingIsPush = all;
        this.lostSink = onLost;
    }

    void protocol(int version) {
        this.protocol = version;
    }

    int protocol() {
        return protocol;
    }

    boolean isOpen() {
        return state == State.OPEN && !transport.isClosing();
    }

    int pendingCount() {
        return pending.size();
    }

    /** Closes the connection; queued commands fail. */
    void close() {
        if (state == State.OPEN) {
            transport.close();
        }
    }

    /** Closes at once (the data may not be sent). */
    void abort() {
        if (state == State.OPEN) {
            transport.abort();
        }
    }

    @Override
    public void dataReceived(byte[] data) {
        parser.feed(data);
        try {
            for (RespValue v = parser.next(); v != null; v = parser.next()) {
                if (v instanceof RespValue.Attributed a) {
                    v = a.value();
                }
                if (v instanceof RespValue.Push || everythingIsPush) {
                    pushSink.accept(v);
                    continue;
                }
                Future<RespValue> f = pending.poll();
                if (f == null) {
                    throw new RespProtocolError("Redis sent a reply nobody asked for: " + v);
                }
                if (!f.done()) {
                    f.setResult(v);
                }
            }
        } catch (RespProtocolError e) {
            lost(new RedisConnectionError("Redis at " + peer + " broke the protocol: " + e.getMessage(), e));
            transport.abort();
        }
    }

    @Override
    public void connectionLost(Exception exc) {
        lost(new RedisConnectionError(
                "connection to Redis at " + peer + " lost" + (exc == null ? " (closed)" : ": " + exc.getMessage()),
                exc));
    }

    private void lost(RedisConnectionError error) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        for (Future<RespValue> f = pending.poll(); f != null; f = pending.poll()) {
            if (!f.done()) {
                f.setException(error);
            }
        }
        lostSink.accept(error);
    }

    private void requireOpen() throws RedisConnectionError {
        if (!isOpen()) {
            throw new RedisConnectionError("connection to Redis at " + peer + " is closed", null);
        }
    }

    @Override
    public String toString() {
        return "<RedisConnection " + peer + " " + state + " resp" + protocol + " pending=" + pending.size() + ">";
    }
}
