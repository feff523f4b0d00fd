package org.jasyncio.http.server;

import java.io.IOException;
import org.jasyncio.http.internal.ByteConduit;
import org.jasyncio.http.websocket.WSCloseCode;
import org.jasyncio.http.websocket.WebSocket;

/**
 * The server connection's bytes after a WebSocket handshake: what the client sent past the request,
 * then the connection's input; output through the connection's queue. Tells the WebSocket of a
 * graceful shutdown and of its handler's end. Loop thread only.
 */
final class WebSocketConduit implements ByteConduit {
    private final HttpConnection connection;
    /** Bytes that came with the handshake, read first; null once read. */
    private byte[] leftover;
    /** The WebSocket on this conduit; set once, right after the switch. */
    private WebSocket webSocket;

    private Runnable shutdownHook;
    /** The WebSocket's end when the connection is gone; null once run. */
    private Runnable goneHook;

    WebSocketConduit(HttpConnection connection) {
        this.connection = connection;
    }

    /** Takes the connection over (the 101 is queued already). */
    void takeOver() {
        byte[] rest = connection.switchProtocols(this);
        leftover = rest.length > 0 ? rest : null;
    }

    void attach(WebSocket ws) {
        this.webSocket = ws;
    }

    @Override
    public byte[] read() throws IOException {
        byte[] b = leftover;
        if (b != null) {
            leftover = null;
            return b;
        }
        return connection.readSwitched();
    }

    @Override
    public void write(byte[] bytes) {
        if (!connection.transport().isClosing()) {
            connection.send(bytes);
        }
    }

    @Override
    public void drain() throws IOException {
        connection.drain();
    }

    @Override
    public boolean writeEof() {
        if (connection.transport().isClosing() || !connection.transport().canWriteEof()) {
            return false;
        }
        connection.flush();
        connection.transport().writeEof();
        return true;
    }

    @Override
    public long unread() {
        return connection.unreadSwitched();
    }

    @Override
    public void close() {
        if (!connection.transport().isClosing()) {
            connection.flush();
            connection.transport().close();
        }
    }

    @Override
    public void abort() {
        connection.transport().abort();
    }

    @Override
    public String peer() {
        return connection.peer();
    }

    @Override
    public void onShutdown(Runnable hook) {
        shutdownHook = hook;
        if (connection.closeRequested()) {
            connection.loop().callSoon(this::shutdown); // the server began shutting down during the handshake
        }
    }

    @Override
    public void onGone(Runnable hook) {
        goneHook = hook;
        if (connection.lost()) {
            connection.loop().callSoon(this::gone); // lost before the WebSocket was made: it is told now
        }
    }

    /**
     * The connection is lost, or closed when its task ended (a handler cancelled by
     * {@link ServerOptions#cancelOnDisconnect()} or by the end of a shutdown's grace): the WebSocket's
     * timers go now, not when they fire. Runs its hook once.
     */
    void gone() {
        Runnable hook = goneHook;
        goneHook = null;
        if (hook != null) {
            hook.run();
        }
    }

    /**
     * The connection's task ends (its handler returned, failed or was cancelled). A WebSocket still open
     * or closing (not {@code CLOSED}) cannot finish its close handshake once nobody reads, and a graceful close could wait
     * forever on a peer that stopped reading (the transport would stay closing with its bytes, out of
     * the shutdown's reach once the connection is done): the connection is aborted. Then the
     * WebSocket's timers go.
     */
    void ownerEnded() {
        if (webSocket != null && webSocket.state() != WebSocket.State.CLOSED) {
            connection.transport().abort();
        }
        gone();
    }

    /** A graceful shutdown: the WebSocket closes with 1001. */
    void shutdown() {
        Runnable hook = shutdownHook;
        shutdownHook = null;
        if (hook != null) {
            hook.run();
        }
    }

    /** The handler ended: a WebSocket it left open is closed (1011 when the handler failed). */
    void handlerDone(int status) {
        WebSocket ws = webSocket;
        if (ws != null && !ws.isClosed()) {
            ws.close(status >= 500 ? WSCloseCode.INTERNAL_ERROR : WSCloseCode.OK, "");
        }
    }
}
