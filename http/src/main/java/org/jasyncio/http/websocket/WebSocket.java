package org.jasyncio.http.websocket;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Timeout;
import org.jasyncio.TimeoutError;
import org.jasyncio.TimerHandle;
import org.jasyncio.http.internal.ByteConduit;
import org.jasyncio.http.internal.WebSocketAccess;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.net.ConnectionResetError;

/**
 * An open WebSocket, server or client side (aiohttp's {@code WebSocketResponse} once prepared, and its
 * {@code ClientWebSocketResponse}): receive messages, send text, bytes, JSON and pings, close with the
 * closing handshake. A server handler gets one from {@code new WebSocketResponse().prepare(request)}, a
 * client from {@code session.wsConnect(url)}.
 *
 * <pre>{@code
 * for (WSMessage msg : ws) {            // ends at the peer's close (or ours)
 *     if (msg.type() == WSMsgType.TEXT) {
 *         ws.sendStr("echo: " + msg.text());
 *     }
 * }
 * }</pre>
 *
 * <p>What it does for you, as aiohttp does: answers pings (autoping), answers the peer's close frame
 * (autoclose), answers a protocol violation with the close code it calls for (1002, 1007, 1009) and
 * reports it as an {@link WSMsgType#ERROR} message, and, with a heartbeat, pings the peer and closes
 * with 1006 when no pong comes. A server shutting down gracefully closes it with 1001 (going away).
 *
 * <p>Loop thread only. Any task may send (each frame is one write: frames never interleave); one task
 * at a time may receive.
 */
public final class WebSocket implements Iterable<WSMessage> {
    static {
        WebSocketAccess.install(WebSocket::new);
    }

    /**
     * <pre>
     * OPEN --close() sends the close frame--> CLOSING --the peer's close frame, or closeTimeout (abort)--> CLOSED
     * OPEN --the peer's close frame (answered), EOF, violation, heartbeat timeout--> CLOSED
     * </pre>
     */
    public enum State {
        /** Messages go both ways. */
        OPEN,
        /** This side sent its close frame and waits for the peer's. */
        CLOSING,
        /** Done: the transport is closed or closing. */
        CLOSED
    }

    private final ByteConduit conduit;
    private final boolean client;
    private final WebSocketOptions options;
    private final String protocol;
    private final JsonCodec json;
    private final FrameParser parser;
    private final FrameWriter writer;
    private final EventLoop loop;

    /** Transitions as drawn on {@link State}. Loop thread only. */
    private State state = State.OPEN;
    /** The close code sent or received; {@code null} while open. */
    private Integer closeCode;
    /** What ended the connection abnormally, or {@code null}. */
    private Throwable exception;
    /** A task is in {@link #receive()}. Invariant: at most one reader. */
    private boolean reading;
    /** Completed when the peer's close frame (or EOF) ends CLOSING; created by {@link #close(int, String)}. */
    private Future<Void> closeReceived;
    /** The next heartbeat ping, or null. */
    private TimerHandle heartbeatTimer;
    /** Unread bytes when the last heartbeat ping went out. */
    private long unreadAtPing;
    /** Armed after a heartbeat ping until something arrives, or null. */
    private TimerHandle pongTimer;
    /** The connection is gone ({@link ByteConduit#onGone}): no timer is armed any more. */
    private boolean gone;

    private WebSocket(ByteConduit conduit, boolean client, WebSocketOptions options, String protocol, JsonCodec json) {
        this.conduit = Objects.requireNonNull(conduit, "conduit");
        this.client = client;
        this.options = Objects.requireNonNull(options, "options");
        this.protocol = protocol;
        this.json = json == null ? JsonCodec.jackson() : json;
        this.parser = new FrameParser(!client, options.maxMsgSize());
        this.writer = new FrameWriter(client);
        this.loop = Asyncio.getRunningLoop();
        conduit.onShutdown(
                () -> goingAway(WSCloseCode.GOING_AWAY, client ? "client session closed" : "server shutting down"));
        conduit.onGone(this::gone);
        armHeartbeat();
    }

    // ---- receiving ----

    /**
     * The next message; suspends. TEXT and BINARY are messages; CLOSE is the peer's close frame
     * (already answered); ERROR a violation (already answered with its close code) or a lost
     * connection; CLOSED once the connection is done. Pings and pongs come only with autoping off.
     *
     * @throws IllegalStateException if another task is receiving
     */
    public WSMessage receive() {
        if (state == State.CLOSED) {
            return WSMessage.CLOSED; // an error was returned once, to the reader that met it; exception() keeps it
        }
        if (state == State.CLOSING && closeReceived != null) {
            if (!reading && !closeReceived.done()) {
                // close() or a shutdown waits for the peer's close frame while this task was the reader:
                // read on to it here, or nobody would (data that crossed the close is dropped)
                reading = true;
                try {
                    receive0(true);
                } finally {
                    reading = false;
                }
            }
            return WSMessage.CLOSING;
        }
        if (reading) {
            throw new IllegalStateException(this + ": receive() while another task receives: one reader at a time");
        }
        reading = true;
        try {
            return receive0(false);
        } finally {
            reading = false;
        }
    }

    /**
     * {@link #receive()} within {@code timeout}.
     *
     * @throws TimeoutError if no message came in time (the WebSocket stays usable)
     */
    public WSMessage receive(Duration timeout) {
        try (Timeout t = Asyncio.timeout(timeout)) {
            return receive();
        }
    }

    /** The next message, which must be TEXT (aiohttp's {@code receive_str}). */
    public String receiveStr() throws IOException {
        return expect(receive(), WSMsgType.TEXT).text();
    }

    /** The next message, which must be BINARY (aiohttp's {@code receive_bytes}). */
    public byte[] receiveBytes() throws IOException {
        return expect(receive(), WSMsgType.BINARY).bytes();
    }

    /** The next message, a TEXT message of JSON, decoded as {@code type} (aiohttp's {@code receive_json}). */
    public <T> T receiveJson(Type type) throws IOException {
        return json.decode(expect(receive(), WSMsgType.TEXT).bytes(), type);
    }

    private WSMessage expect(WSMessage m, WSMsgType type) throws IOException {
        if (m.type() == type) {
            return m;
        }
        if (m.type() == WSMsgType.ERROR && m.error() instanceof IOException e) {
            throw e;
        }
        throw new WSMessageTypeError(this + ": received " + m + " where a " + type + " message was expected");
    }

    /**
     * Reads until a message to return. {@code closing}: close() waits for the peer's close frame:
     * data messages are dropped.
     */
    private WSMessage receive0(boolean closing) {
        while (true) {
            WSMessage m;
            try {
                m = parser.next();
            } catch (WebSocketError e) {
                return failed(e);
            }
            if (m == null) {
                if (state == State.CLOSED) {
                    return exception != null ? WSMessage.error(exception) : WSMessage.CLOSED;
                }
                byte[] b;
                try {
                    b = conduit.read();
                } catch (IOException e) {
                    return lost(e);
                }
                if (b.length == 0) {
                    return lost(null);
                }
                parser.feed(b, 0, b.length);
                continue;
            }
            alive();
            switch (m.type()) {
                case PING -> {
                    if (state == State.OPEN) {
                        conduit.write(writer.frame(FrameParser.OP_PONG, m.bytes()));
                    }
                    if (!options.autoping() && !closing) {
                        return m;
                    }
                }
                case PONG -> {
                    if (!options.autoping() && !closing) {
                        return m;
                    }
                }
                case CLOSE -> {
                    return peerClosed(m);
                }
                default -> {
                    if (!closing) {
                        return m;
                    }
                }
            }
        }
    }

    /** The peer's close frame: answered when it opens the closing handshake (autoclose). */
    private WSMessage peerClosed(WSMessage m) {
        if (state == State.OPEN) {
            int code = m.closeCode() == WSCloseCode.NO_STATUS_RECEIVED ? WSCloseCode.OK : m.closeCode();
            closeCode = m.closeCode();
            conduit.write(writer.frame(FrameParser.OP_CLOSE, FrameWriter.closePayload(code, "")));
        }
        finish();
        return m;
    }

    /** The peer broke the protocol: answer with the close code, drop what else it sends for a while, close. */
    private WSMessage failed(WebSocketError e) {
        exception = e;
        if (state == State.OPEN) {
            closeCode = e.code();
            conduit.write(writer.frame(FrameParser.OP_CLOSE, FrameWriter.closePayload(e.code(), "")));
            state = State.CLOSING;
            // Fail the connection (RFC 6455 7.1.7): our close frame, then EOF, so that a peer that
            // answers with its close frame and waits for the TCP close is not kept waiting; then read
            // and drop until the peer closes too, so that our close frame is not lost to a reset (the
            // lingering close of RFC 9112 9.6). Where EOF cannot be sent alone (TLS), close at once.
            if (conduit.writeEof()) {
                try (Timeout t = Asyncio.timeout(options.closeTimeout())) {
                    while (conduit.read().length > 0) {
                        // dropped
                    }
                } catch (IOException | TimeoutError dropped) {
                    // closing anyway
                }
            }
        }
        finish();
        return WSMessage.error(e);
    }

    /** EOF or a broken connection without a close frame: 1006. */
    private WSMessage lost(IOException e) {
        if (closeCode == null || state == State.CLOSING) {
            closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        }
        State was = state;
        finish();
        if (e != null && exception == null) {
            exception = e;
        }
        if (exception != null) {
            return WSMessage.error(exception);
        }
        return was == State.CLOSING ? WSMessage.CLOSING : WSMessage.CLOSED;
    }

    private void finish() {
        state = State.CLOSED;
        cancelTimers();
        conduit.close();
        if (closeReceived != null && !closeReceived.done()) {
            closeReceived.setResult(null);
        }
    }

    // ---- sending ----

    /** Sends a text message (aiohttp's {@code send_str}); suspends while the send buffer is full. */
    public void sendStr(String text) throws IOException {
        send(FrameParser.OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a binary message (aiohttp's {@code send_bytes}). */
    public void sendBytes(byte[] data) throws IOException {
        send(FrameParser.OP_BINARY, data);
    }

    /** Sends {@code value} as JSON in a text message (aiohttp's {@code send_json}). */
    public void sendJson(Object value) throws IOException {
        send(FrameParser.OP_TEXT, json.encode(value));
    }

    /** Sends a ping with {@code payload} (at most 125 bytes); the pong comes to a reader. */
    public void ping(byte[] payload) throws IOException {
        send(FrameParser.OP_PING, control(payload));
    }

    /** Sends an unsolicited pong with {@code payload} (at most 125 bytes). */
    public void pong(byte[] payload) throws IOException {
        send(FrameParser.OP_PONG, control(payload));
    }

    private byte[] control(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException(
                    this + ": a ping or pong carries at most 125 bytes, not " + payload.length + " (RFC 6455 5.5)");
        }
        return payload;
    }

    private void send(int opcode, byte[] payload) throws IOException {
        if (state != State.OPEN) {
            throw new ConnectionResetError(
                    this + ": cannot send, the WebSocket is " + state.name().toLowerCase());
        }
        conduit.write(writer.frame(opcode, payload));
        conduit.drain();
    }

    // ---- closing ----

    /** {@link #close(int, String)} with 1000 (normal closure) and no reason. */
    public boolean close() {
        return close(WSCloseCode.OK, "");
    }

    /**
     * Closes with the closing handshake: sends a close frame with {@code code} and {@code reason}, waits
     * for the peer's (up to the close timeout; when another task is receiving, that task reads it), and
     * closes the connection. When the close timeout passes first (the peer neither answered nor, it may
     * be, read), the connection is aborted, as aiohttp's {@code close()} gives up: {@link #closeCode()}
     * is then 1006 and {@link #exception()} the {@link TimeoutError}. Whether this call closed it
     * ({@code false}: closed or closing already).
     *
     * @throws IllegalArgumentException if {@code code} may not be sent or {@code reason} is over 123 bytes
     */
    public boolean close(int code, String reason) {
        byte[] payload = FrameWriter.closePayload(code, reason);
        if (state != State.OPEN) {
            return false;
        }
        closeCode = code;
        state = State.CLOSING;
        closeReceived = loop.createFuture();
        cancelTimers();
        conduit.write(writer.frame(FrameParser.OP_CLOSE, payload));
        try (Timeout t = Asyncio.timeout(options.closeTimeout())) {
            conduit.drain();
            if (reading) {
                closeReceived.await();
            } else {
                reading = true;
                try {
                    receive0(true);
                } finally {
                    reading = false;
                }
            }
        } catch (TimeoutError e) {
            // The peer did not answer in time (aiohttp: code 1006, the timeout as exception()). It
            // may have stopped reading too: a graceful close would wait on it forever with our bytes,
            // the connection closing but never released, so it is aborted.
            closeCode = WSCloseCode.ABNORMAL_CLOSURE;
            if (exception == null) {
                exception = e;
            }
            state = State.CLOSED;
            cancelTimers();
            conduit.abort();
            if (!closeReceived.done()) {
                closeReceived.setResult(null);
            }
            return true;
        } catch (RuntimeException | Error e) {
            finish();
            throw e;
        } catch (Exception e) {
            // the connection broke: closed anyway
        }
        finish();
        return true;
    }

    /**
     * A graceful server shutdown: sends a close frame with {@code code} without waiting; the reader
     * gets the peer's answer, and the connection is dropped after the close timeout if none comes.
     */
    private void goingAway(int code, String reason) {
        if (state != State.OPEN) {
            return;
        }
        closeCode = code;
        state = State.CLOSING;
        closeReceived = loop.createFuture();
        cancelTimers();
        conduit.write(writer.frame(FrameParser.OP_CLOSE, FrameWriter.closePayload(code, reason)));
        TimerHandle giveUp = loop.callLater(options.closeTimeout(), () -> {
            if (state != State.CLOSED) {
                state = State.CLOSED;
                conduit.abort();
                closeReceived.setResult(null);
            }
        });
        closeReceived.addDoneCallback(f -> giveUp.cancel());
        if (!reading) {
            // nobody reads: a task of its own waits for the peer's close frame
            loop.createTask(
                    () -> {
                        reading = true;
                        try {
                            receive0(true);
                        } finally {
                            reading = false;
                        }
                    },
                    "websocket " + conduit.peer() + " going away");
        }
    }

    // ---- heartbeat ----

    private void armHeartbeat() {
        Duration h = options.heartbeat();
        if (h != null && state == State.OPEN && !gone) {
            heartbeatTimer = loop.callLater(h, this::heartbeat);
        }
    }

    private void heartbeat() {
        heartbeatTimer = null;
        if (state != State.OPEN) {
            return;
        }
        conduit.write(writer.frame(FrameParser.OP_PING, new byte[0]));
        unreadAtPing = conduit.unread();
        pongTimer = loop.callLater(options.heartbeat().dividedBy(2), this::noPong);
    }

    private void noPong() {
        pongTimer = null;
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN && !reading && conduit.unread() > unreadAtPing) {
            // nobody reads, and the peer sent something since the ping (its pong may be in it): it is
            // alive (aiohttp too counts any data as a sign of life); the next ping is due a period from now
            armHeartbeat();
            return;
        }
        closeCode = WSCloseCode.ABNORMAL_CLOSURE;
        exception = new WebSocketHeartbeatTimeout(
                this + ": no pong within " + options.heartbeat().dividedBy(2) + " of the heartbeat ping");
        state = State.CLOSED;
        cancelTimers();
        conduit.abort();
        if (closeReceived != null && !closeReceived.done()) {
            closeReceived.setResult(null);
        }
    }

    /** Something came from the peer: it is alive; the next heartbeat ping is due a period from now. */
    private void alive() {
        if (options.heartbeat() == null) {
            return;
        }
        cancelTimers();
        armHeartbeat();
    }

    /**
     * The connection is gone (lost, or closed when the handler ended, also by cancellation): its
     * timers go at once, not when they fire (a heartbeat 30 s away would keep the WebSocket, its
     * conduit and connection reachable that long), and a closing handshake stops waiting. The state
     * is left to the reader, which still gets what arrived before, then the EOF.
     */
    private void gone() {
        gone = true;
        cancelTimers();
        if (state == State.CLOSING && closeReceived != null && !closeReceived.done()) {
            closeReceived.setResult(null); // the peer's close frame cannot come any more; drops the give-up timer
        }
    }

    private void cancelTimers() {
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
        if (pongTimer != null) {
            pongTimer.cancel();
            pongTimer = null;
        }
    }

    // ---- state ----

    /** The state, as drawn on {@link State}. */
    public State state() {
        return state;
    }

    /** Whether it is closed or closing (aiohttp's {@code closed}). */
    public boolean isClosed() {
        return state != State.OPEN;
    }

    /** The close code sent or received (1006 when the connection ended without one); {@code null} while open. */
    public Integer closeCode() {
        return closeCode;
    }

    /**
     * What ended the connection abnormally (a violation, a lost connection, a heartbeat timeout, a
     * {@link #close} that timed out), or {@code null}.
     */
    public Throwable exception() {
        return exception;
    }

    /** The subprotocol agreed in the handshake, or {@code null}. */
    public String protocol() {
        return protocol;
    }

    /** Whether this is the client side. */
    public boolean isClient() {
        return client;
    }

    /**
     * The messages until the connection closes: iteration ends at CLOSE, CLOSING and CLOSED (aiohttp's
     * {@code async for msg in ws}); an ERROR message is returned, then iteration ends. One iterator at
     * a time.
     */
    @Override
    public Iterator<WSMessage> iterator() {
        return new Iterator<>() {
            private WSMessage next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next == null && !ended) {
                    WSMessage m = receive();
                    switch (m.type()) {
                        case CLOSE, CLOSING, CLOSED -> ended = true;
                        default -> next = m;
                    }
                }
                return next != null;
            }

            @Override
            public WSMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException(WebSocket.this + " is closed: no more messages");
                }
                WSMessage m = next;
                next = null;
                return m;
            }
        };
    }

    @Override
    public String toString() {
        return "<WebSocket " + (client ? "client" : "server") + " " + conduit.peer() + " "
                + state.name().toLowerCase() + (closeCode != null ? " code=" + closeCode : "")
                + (protocol != null ? " protocol=" + protocol : "") + ">";
    }
}
