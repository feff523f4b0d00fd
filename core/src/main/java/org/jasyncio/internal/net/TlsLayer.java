package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.jasyncio.net.BaseProtocol;
import org.jasyncio.net.BufferedProtocol;
import org.jasyncio.net.ConnectionResetError;
import org.jasyncio.net.Protocol;
import org.jasyncio.net.TlsOptions;
import org.jasyncio.net.Transport;

/**
 * TLS between a raw transport and an application protocol (asyncio's {@code SSLProtocol}), on the
 * JDK's {@link SSLEngine}. To the raw transport it is a {@link Protocol} receiving ciphertext; to the
 * application it offers {@link #appTransport()}, a {@link TlsTransport} of plaintext. Composed rather than
 * a transport subclass, so TLS runs over any transport and {@code startTls} upgrades one in place.
 *
 * <p>This class is the state machine (handshake, data, shutdown, failure); the engine and its buffers,
 * wrap and unwrap, are {@link TlsEngineIo}'s.
 *
 * <p>Delegated tasks of the engine (certificate checks, key exchange math) run inline on the loop, as
 * asyncio's handshake does; they take milliseconds. Loop thread only.
 */
final class TlsLayer implements Protocol {
    /**
     * <pre>
     * NEW --connectionMade--> HANDSHAKING --done--> WRAPPED --app close / peer close_notify--> SHUTDOWN --> CLOSED
     * HANDSHAKING --failure / timeout / connection lost--> CLOSED
     * WRAPPED --connection lost / fatal error--> CLOSED
     * SHUTDOWN --peer's close_notify (or EOF)--> CLOSED, the app's connectionLost(null)
     * SHUTDOWN --no close_notify within the shutdown timeout--> CLOSED, connectionLost(SocketTimeoutException)
     * </pre>
     * In SHUTDOWN no application data reaches the app any more, and the socket is read whatever the app
     * paused, until the peer's close_notify: asyncio's SSLProtocol in its SHUTDOWN state.
     */
    enum State {
        NEW,
        HANDSHAKING,
        WRAPPED,
        SHUTDOWN,
        CLOSED
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final EventLoop loop;
    private BaseProtocol app;
    private final TlsOptions tls;
    private final boolean serverSide;
    private final TlsEngineIo io;
    private final SSLEngine engine;
    private final TlsTransport appTransport = new TlsTransport(this);
    private Transport raw;
    private State state = State.NEW;
    /** Completed when the handshake is done (failed if it fails); null if nobody waits. */
    private Future<Void> waiter;
    /** Whether to call the app's connectionMade after the handshake (not for startTls: it has a transport). */
    private boolean callConnectionMade = true;

    private boolean appConnected;
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;
    /**
     * Set when the peer did not answer our close_notify within the shutdown timeout: the error the app's
     * connectionLost gets instead of a clean close (asyncio's {@code TimeoutError('SSL shutdown timed out')}).
     */
    private SocketTimeoutException shutdownTimedOut;
    /** Application data waiting for the handshake or for the engine. Loop thread only. */
    private final ArrayDeque<ByteBuffer> pendingWrites = new ArrayDeque<>();

    private int pendingSize;
    private boolean appReadingPaused;
    private boolean appCloseRequested;
    private boolean pumping;
    private boolean pumpAgain;

    TlsLayer(EventLoop loop, BaseProtocol app, TlsOptions tls, boolean serverSide) {
        this.loop = loop;
        this.app = app;
        this.tls = tls;
        this.serverSide = serverSide;
        this.io = new TlsEngineIo(tls, serverSide);
        this.engine = io.engine();
    }

    void setWaiter(Future<Void> waiter) {
        this.waiter = waiter;
    }

    /** For startTls: the app already has a transport; do not call its connectionMade again. */
    void setCallConnectionMade(boolean call) {
        this.callConnectionMade = call;
    }

    Transport appTransport() {
        return appTransport;
    }

    // ---- raw side (Protocol) ----

    @Override
    public void connectionMade(Transport transport) {
        if (state != State.NEW) {
            throw new IllegalStateException(this + ": connectionMade() twice");
        }
        this.raw = transport;
        state = State.HANDSHAKING;
        double secs = tls.handshakeTimeout().toNanos() / 1e9;
        handshakeTimer = loop.callLater(
                tls.handshakeTimeout(),
                () -> fatal(new SocketTimeoutException("TLS handshake with " + peer() + " is taking longer than " + secs
                        + " seconds: aborting the connection")));
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fatal(e);
            return;
        }
        pump();
    }

    @Override
    public void dataReceived(byte[] data) {
        if (state == State.CLOSED) {
            return;
        }
        io.received(data);
        pump();
    }

    @Override
    public boolean eofReceived() {
        if (state == State.HANDSHAKING) {
            fatal(new ConnectionResetError("Connection closed by " + peer() + " during the TLS handshake"));
            return false;
        }
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // EOF without close_notify: asyncio delivers EOF too
        }
        if (state == State.WRAPPED) {
            state = State.SHUTDOWN;
            callAppEof();
        }
        return false; // the raw transport closes; connectionLost follows
    }

    @Override
    public void connectionLost(Exception exc) {
        if (exc == null && shutdownTimedOut != null) {
            exc = shutdownTimedOut; // our abort after the shutdown timeout: not a clean close
        }
        cancelTimers();
        State before = state;
        state = State.CLOSED;
        if (before == State.HANDSHAKING || before == State.NEW) {
            failWaiter(
                    exc != null
                            ? exc
                            : new ConnectionResetError("Connection lost during the TLS handshake with " + peer()));
        }
        if (appConnected) {
            appConnected = false;
            app.connectionLost(exc);
        }
    }

    @Override
    public void pauseWriting() {
        if (appConnected) {
            app.pauseWriting();
        }
    }

    @Override
    public void resumeWriting() {
        if (appConnected) {
            app.resumeWriting();
        }
    }

    // ---- the engine ----

    /** Runs the engine until it has nothing more to do; re-entrant calls are folded into the running one. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                step();
            } while (pumpAgain && state != State.CLOSED);
        } catch (SSLException e) {
            fatal(e);
        } finally {
            pumping = false;
        }
    }

    private void step() throws SSLException {
        while (state != State.CLOSED) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                    continue;
                }
                case NEED_WRAP -> {
                    SSLEngineResult r = wrap(EMPTY);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                        return;
                    }
                    continue;
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapOnce()) {
                        return;
                    }
                    continue;
                }
                default -> {
                    // NOT_HANDSHAKING or FINISHED
                }
            }
            if (state == State.HANDSHAKING) {
                handshakeDone();
                if (state == State.CLOSED) {
                    return;
                }
            }
            boolean progress = false;
            while (!pendingWrites.isEmpty() && !engine.isOutboundDone()) {
                ByteBuffer b = pendingWrites.peek();
                int before = b.remaining();
                SSLEngineResult r = wrap(b);
                pendingSize -= before - b.remaining();
                if (!b.hasRemaining()) {
                    pendingWrites.poll();
                }
                progress = true;
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
            }
            if (pendingWrites.isEmpty() && appCloseRequested && !engine.isOutboundDone()) {
                startShutdown();
                progress = true;
            }
            // In SHUTDOWN the app's pause does not hold the records back: what is left up to the peer's
            // close_notify is read and dropped, or the close would wait out the shutdown timeout.
            if ((!appReadingPaused || state == State.SHUTDOWN) && io.hasCiphertext() && unwrapOnce()) {
                progress = true;
            }
            if (!progress) {
                return;
            }
        }
    }

    /** Wraps from {@code src} into one record and sends it on the raw transport, unless that is closing. */
    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        return io.wrap(src, record -> {
            if (raw != null && !raw.isClosing()) {
                raw.write(record);
            }
        });
    }

    /** Unwraps one record; returns whether anything was consumed or produced. */
    private boolean unwrapOnce() throws SSLException {
        if (!io.hasCiphertext() && engine.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP_AGAIN) {
            return false;
        }
        SSLEngineResult r = io.unwrap();
        byte[] plaintext = io.takePlaintext();
        if (plaintext != null) {
            deliverAppData(plaintext);
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            closeNotifyReceived();
            return r.bytesConsumed() > 0;
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            return false; // the engine waits for the rest of the record
        }
        return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
    }

    private void deliverAppData(byte[] data) {
        if (!appConnected || state == State.CLOSED || state == State.SHUTDOWN) {
            // Before the app is connected, or once the shutdown started: dropped, as asyncio's SSLProtocol
            // does (it reads nothing for the app past FLUSHING). Delivered after our close(), the data
            // would fill the app's reader, whose flow control would pause the socket, so the peer's
            // close_notify would never be read and every such close would wait out the shutdown timeout.
            return;
        }
        try {
            if (app instanceof Protocol p) {
                p.dataReceived(data);
            } else if (app instanceof BufferedProtocol bp) {
                int off = 0;
                while (off < data.length) {
                    ByteBuffer b = bp.getBuffer(data.length - off);
                    int n = Math.min(b.remaining(), data.length - off);
                    b.put(data, off, n);
                    bp.bufferUpdated(n);
                    off += n;
                }
            }
        } catch (RuntimeException e) {
            loop.callExceptionHandler(
                    new ExceptionContext("Fatal error: protocol.dataReceived() call failed on " + this, e));
            raw.abort();
        }
    }

    private void handshakeDone() {
        state = State.WRAPPED;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (callConnectionMade) {
            appConnected = true;
            try {
                app.connectionMade(appTransport);
            } catch (RuntimeException e) {
                failWaiter(e);
                loop.callExceptionHandler(new ExceptionContext("protocol.connectionMade() failed on " + this, e));
                raw.abort();
                return;
            }
        } else {
            appConnected = true;
        }
        if (waiter != null && !waiter.done()) {
            waiter.setResult(null);
        }
    }

    private void closeNotifyReceived() {
        if (state == State.WRAPPED) {
            state = State.SHUTDOWN;
            callAppEof();
            startShutdown();
        } else if (state == State.SHUTDOWN) {
            // the peer answered our close_notify: the TLS session is cleanly closed
            finishShutdown();
        }
    }

    private void callAppEof() {
        if (!appConnected) {
            return;
        }
        try {
            boolean keepOpen = app instanceof Protocol p
                    ? p.eofReceived()
                    : app instanceof BufferedProtocol bp && bp.eofReceived();
            if (keepOpen) {
                java.lang.System.getLogger("org.jasyncio")
                        .log(
                                java.lang.System.Logger.Level.WARNING,
                                "returning true from eofReceived() has no effect when using TLS (" + this + ")");
            }
        } catch (RuntimeException e) {
            loop.callExceptionHandler(new ExceptionContext("protocol.eofReceived() failed on " + this, e));
        }
    }

    /** Sends close_notify and waits (up to the shutdown timeout) for the peer's. */
    private void startShutdown() {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.SHUTDOWN) {
            state = State.SHUTDOWN;
        }
        if (!engine.isOutboundDone()) {
            engine.closeOutbound();
            try {
                while (!engine.isOutboundDone()) {
                    SSLEngineResult r = wrap(EMPTY);
                    if (r.bytesProduced() == 0) {
                        break;
                    }
                }
            } catch (SSLException e) {
                raw.abort();
                return;
            }
        }
        if (engine.isInboundDone()) {
            finishShutdown();
            return;
        }
        if (shutdownTimer == null) {
            double secs = tls.shutdownTimeout().toNanos() / 1e9;
            shutdownTimer = loop.callLater(tls.shutdownTimeout(), () -> {
                shutdownTimer = null;
                shutdownTimedOut = new SocketTimeoutException("SSL shutdown timed out: " + peer()
                        + " did not answer close_notify within " + secs + " seconds");
                raw.abort();
            });
            raw.resumeReading(); // to hear the peer's close_notify, whatever the app paused
        }
    }

    private void finishShutdown() {
        cancelTimers();
        raw.close();
    }

    private void fatal(Exception e) {
        if (state == State.CLOSED) {
            return;
        }
        Exception exc = e;
        if (state == State.HANDSHAKING && e instanceof SSLException ssl) {
            exc = io.describeHandshakeFailure(ssl, peer());
            try {
                wrap(EMPTY); // flush the alert that tells the peer why
            } catch (SSLException ignored) {
                // the engine is beyond saving
            }
        }
        boolean handshaking = state == State.HANDSHAKING;
        cancelTimers();
        if (handshaking) {
            failWaiter(exc);
        } else if (!(exc instanceof IOException)) {
            loop.callExceptionHandler(new ExceptionContext("Fatal error on TLS transport " + this, exc));
        }
        if (raw != null) {
            if (handshaking) {
                raw.close(); // let the alert go out
            } else {
                raw.abort();
            }
        }
        if (appConnected) {
            state = State.CLOSED;
            appConnected = false;
            app.connectionLost(exc);
        }
        state = State.CLOSED;
    }

    private void failWaiter(Exception exc) {
        if (waiter != null && !waiter.done()) {
            waiter.setException(exc);
        }
    }

    private void cancelTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
    }

    private Object peer() {
        Object p = raw == null ? null : raw.getExtraInfo("peername");
        if (p instanceof InetSocketAddress isa) {
            return isa.getHostString() + ":" + isa.getPort();
        }
        return p == null ? "the peer" : p;
    }

    @Override
    public String toString() {
        return "<TlsLayer " + state.name().toLowerCase() + (serverSide ? " server" : " client") + " peer=" + peer()
                + ">";
    }

    // ---- the application side, called by TlsTransport ----

    void appWrite(byte[] data) {
        if (data.length == 0 || appCloseRequested || state == State.CLOSED || state == State.SHUTDOWN) {
            return; // as asyncio: writes after close are dropped
        }
        pendingWrites.add(ByteBuffer.wrap(data.clone()));
        pendingSize += data.length;
        if (state == State.WRAPPED) {
            pump();
        }
    }

    void appPauseReading() {
        appReadingPaused = true;
        if (state != State.SHUTDOWN) {
            raw.pauseReading(); // in SHUTDOWN the socket is read to the peer's close_notify regardless
        }
    }

    void appResumeReading() {
        if (!appReadingPaused) {
            return;
        }
        appReadingPaused = false;
        raw.resumeReading();
        loop.callSoon(this::pump); // plaintext may be waiting in netIn
    }

    boolean appIsReading() {
        return !appReadingPaused && raw.isReading();
    }

    int appWriteBufferSize() {
        return raw.getWriteBufferSize() + pendingSize;
    }

    void appAbort() {
        appCloseRequested = true;
        raw.abort();
    }

    void appClose() {
        if (appCloseRequested || state == State.CLOSED) {
            return;
        }
        appCloseRequested = true;
        if (state == State.WRAPPED || state == State.SHUTDOWN) {
            pump();
        } else {
            raw.close();
        }
    }

    boolean appIsClosing() {
        return appCloseRequested || state == State.CLOSED || raw.isClosing();
    }

    Object extraInfo(String name) {
        return TlsEngineIo.SESSION_INFO.contains(name) ? io.sessionInfo(name) : raw.getExtraInfo(name);
    }

    BaseProtocol app() {
        return app;
    }

    void setApp(BaseProtocol protocol) {
        app = java.util.Objects.requireNonNull(protocol, "protocol");
    }

    Transport raw() {
        return raw;
    }

    State state() {
        return state;
    }

    /**
     * Whether this layer is an upgrade ({@code startTls}) of a connection the application already
     * has, rather than the TLS a server or a client connection was made with.
     */
    boolean upgrade() {
        return !callConnectionMade;
    }
}
