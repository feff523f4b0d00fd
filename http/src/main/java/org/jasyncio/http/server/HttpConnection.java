package org.jasyncio.http.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.Timeout;
import org.jasyncio.TimeoutError;
import org.jasyncio.TimerHandle;
import org.jasyncio.http.codec.BodyFraming;
import org.jasyncio.http.codec.HttpEvent;
import org.jasyncio.http.codec.HttpParseException;
import org.jasyncio.http.codec.HttpParser;
import org.jasyncio.http.codec.RequestHead;
import org.jasyncio.net.ConnectionResetError;
import org.jasyncio.net.Protocol;
import org.jasyncio.net.Transport;

/**
 * One client connection: owns its transport, a parser, and one task that reads requests, runs each
 * one's handler in that same task and writes its response, one request after the other. The codec
 * does the HTTP; the {@link Dispatcher} does the app; this class only moves bytes and keeps time.
 *
 * <p>Why one task per connection and the handler in it (rather than a task per request): pipelined
 * requests must be answered in order anyway, so running them one after the other is the simplest
 * correct way, and it costs no task creation per request. A handler that wants concurrency creates
 * tasks of its own.
 *
 * <p>Input flow and backpressure: the transport hands bytes to {@link #dataReceived}, which only
 * queues them (and pauses reading above {@link #INBOX_HIGH}); the task feeds the parser from that
 * queue as it pulls events, so the parser's {@code Data} slices stay valid until the task asks for
 * more. A handler that does not read its body leaves the socket unread: the client is slowed down by
 * TCP, never buffered without bound.
 *
 * <p>Loop thread only.
 */
final class HttpConnection implements Protocol, BodySource {
    /**
     * <pre>
     * IDLE --first byte of a request--> READING_HEAD --head parsed--> HANDLING
     * HANDLING --response sent, keep-alive--> IDLE
     * any --EOF, error, timeout, Connection: close, shutdown--> CLOSED
     * </pre>
     */
    enum State {
        IDLE,
        READING_HEAD,
        HANDLING,
        CLOSED
    }

    /** Input queued above this pauses reading the socket. */
    static final int INBOX_HIGH = 256 * 1024;
    /** ... and reading resumes at or below this. */
    static final int INBOX_LOW = 64 * 1024;
    /** An unread request body up to this many bytes is read and dropped to keep the connection; a longer one closes it. */
    static final long DRAIN_LIMIT = 256 * 1024;
    /** How long a closing connection with unread input waits for more of it before it closes (see lingeringClose). */
    static final Duration LINGER_TIMEOUT = Duration.ofSeconds(2);
    /** How long a closing connection with unread input reads at most, however steadily it comes (see lingeringClose). */
    static final Duration LINGER_TIME = Duration.ofSeconds(30);
    /** How much a closing connection reads and drops before it closes anyway (see lingeringClose). */
    static final long LINGER_LIMIT = 64L << 20;
    /** Queued responses past this many bytes are flushed at once, without waiting for the batch's end. */
    static final int OUTBOX_HIGH = 64 * 1024;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Site site;
    private final AppRunner runner;
    private final EventLoop loop;
    private final HttpParser parser;
    private final ResponseSender sender;
    private final Future<Void> disconnected;
    private Transport transport;
    private Task<Void> task;
    private String peer = "?";

    /** Bytes received, not yet fed to the parser. Invariant: inboxBytes is the sum of their lengths. */
    private final ArrayDeque<byte[]> inbox = new ArrayDeque<>();

    private int inboxBytes;
    private boolean eofReceived;
    private boolean eofFed;
    private boolean lost;
    /** The task waits on it for input; completed by dataReceived/connectionLost. */
    private Future<Void> wakeup;
    /** Non-null while the transport asked us to stop writing. */
    private Future<Void> writable;
    /**
     * Responses written but not yet handed to the transport: the answers to a pipelined burst go out
     * in one gathering write (Netty's flush per read batch). Invariant: outboxBytes is the sum of
     * their lengths. Flushed before the task waits for input or for the socket, past
     * {@link #OUTBOX_HIGH}, before a streamed body, and by {@link #flushSoon} once the task yields
     * with some queued (a slow handler in the middle of a burst holds back no earlier answer).
     */
    private final ArrayList<byte[]> outbox = new ArrayList<>();

    private int outboxBytes;
    /** A {@link #flushSoon} is scheduled. */
    private boolean flushScheduled;
    /** Made once: a method reference passed anew is an allocation per call. */
    private final Runnable flushSoon = this::flushSoon;
    /** Transitions as drawn on {@link State}. */
    private State state = State.IDLE;
    /** A graceful shutdown asked this connection to end after the current response. */
    private boolean closeRequested;
    /** The task was cancelled by this side (client gone with cancelOnDisconnect, or a shutdown). */
    private boolean cancelledHere;

    private int served;

    /**
     * Non-null once a handler took the connection over for another protocol ({@link #switchProtocols}):
     * the handler's response is not sent, and the connection closes when the handler ends.
     */
    private WebSocketConduit switchedTo;

    /**
     * The idle wait between requests (the keep-alive timeout, or the header timeout before the first
     * request) costs no timer per request: the wait stores its deadline, and one timer per connection,
     * armed at or before that deadline, checks it when it fires; it re-arms itself for what remains when
     * the connection has been busy since (nginx's and Netty's IdleStateHandler's lazy idle timer). Valid
     * while {@link #idleWaiting}: the loop time at which the current idle wait gives up.
     */
    private double idleDeadline;
    /** The task waits in {@link #awaitInputUntil}. */
    private boolean idleWaiting;
    /** The idle timer found the deadline passed during the current wait. */
    private boolean idleExpired;
    /** The connection's one idle timer, or null when none is armed. */
    private TimerHandle idleTimer;
    /** The deadline {@link #idleTimer} was armed for (its {@code callAt} argument). */
    private double idleTimerDeadline;
    /** Made once: a method reference passed anew is an allocation per call. */
    private final Runnable idleCheck = this::idleCheck;

    // the request being handled
    private RequestHead head;
    private long declaredLength;
    private boolean bodyDone;
    private boolean continueSent;

    HttpConnection(Site site, EventLoop loop) {
        this.site = site;
        this.runner = site.runner();
        this.loop = loop;
        this.parser = HttpParser.forRequests(runner.app().options().limits());
        this.sender = new ResponseSender(this);
        this.disconnected = loop.createFuture();
    }

    // ---- protocol callbacks (the transport's side) ----

    @Override
    public void connectionMade(Transport transport) {
        this.transport = transport;
        Object p = transport.getExtraInfo("peername");
        if (p instanceof java.net.InetSocketAddress a) {
            peer = a.getAddress().getHostAddress() + ":" + a.getPort();
        } else if (p != null) {
            peer = p.toString();
        }
        site.connectionMade(this);
        task = loop.createTask(this::serve, "http " + peer);
    }

    @Override
    public void dataReceived(byte[] data) {
        inbox.add(data);
        inboxBytes += data.length;
        if (inboxBytes > INBOX_HIGH) {
            transport.pauseReading();
        }
        wake();
    }

    /**
     * The client closed its side. Most clients that do so are gone (a closed socket shows as EOF first;
     * the reset comes only when we write), so this counts as a disconnect for {@link #disconnected()}
     * and for {@link ServerOptions#cancelOnDisconnect()}; the writing side stays open, so that a client
     * that only half-closed after its request still gets the answer.
     */
    @Override
    public boolean eofReceived() {
        eofReceived = true;
        wake();
        clientGone();
        return true;
    }

    @Override
    public void connectionLost(Exception exc) {
        lost = true;
        eofReceived = true;
        resumeWriting();
        wake();
        clientGone();
        if (switchedTo != null) {
            switchedTo.gone();
        }
    }

    private void clientGone() {
        if (!disconnected.done()) {
            disconnected.setResult(null);
        }
        if (state == State.HANDLING
                && runner.app().options().cancelOnDisconnect()
                && task != null
                && !task.done()
                && !cancelledHere) {
            cancelledHere = true;
            task.cancel("client " + peer + " disconnected (ServerOptions.cancelOnDisconnect)");
        }
    }

    @Override
    public void pauseWriting() {
        if (writable == null) {
            writable = loop.createFuture();
        }
    }

    @Override
    public void resumeWriting() {
        Future<Void> w = writable;
        writable = null;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }

    // ---- the connection's task ----

    private void serve() {
        boolean ended = false;
        try {
            while (!closeRequested || state != State.IDLE) {
                RequestHead h = readHead();
                if (h == null || !handle(h)) {
                    break;
                }
            }
            ended = true;
        } catch (CancelledError e) {
            if (!cancelledHere) {
                throw e;
            }
        } finally {
            state = State.CLOSED;
            cancelIdleTimer();
            if (switchedTo != null) {
                switchedTo.ownerEnded(); // a WebSocket whose handler was cancelled keeps no timer
            }
            if (transport != null && !transport.isClosing()) {
                flush();
                if (ended && clientMayStillSend()) {
                    lingeringClose();
                }
                transport.close();
            }
            site.connectionDone(this);
        }
    }

    /**
     * Whether the client may still be sending what this side did not read: the rest of a body after a
     * 413 or a rejected request, or pipelined bytes after a request that closes the connection.
     */
    private boolean clientMayStillSend() {
        return !eofReceived
                && !lost
                && (inboxBytes > 0 || parser.state() == HttpParser.State.ERROR || (head != null && !bodyDone));
    }

    /**
     * Closes as RFC 9112 section 9.6 asks of a server that closes with input unread: shut down the
     * sending side once the answer is out, then read and drop what the client still sends, until it
     * closes, stops sending for {@link #LINGER_TIMEOUT}, or has sent for {@link #LINGER_TIME} or
     * {@link #LINGER_LIMIT} bytes (nginx's lingering_timeout, lingering_time). A client still uploading
     * a large body on a slow or busy machine gets its answer as long as its bytes keep coming. Closing at once would
     * make the kernel answer the unread bytes with a reset, which can destroy the answer (a 413, a 400)
     * before the client reads it: a client that sends its whole body before reading, as Python's
     * http.client does, would see a broken pipe instead of the 413. nginx's lingering_close, the same.
     */
    private void lingeringClose() {
        if (transport.canWriteEof()) {
            transport.writeEof();
        }
        long dropped = 0;
        EventLoop loop = Asyncio.getRunningLoop();
        double end = loop.time() + LINGER_TIME.toNanos() / 1e9;
        try (Timeout t = Asyncio.timeout(LINGER_TIMEOUT)) {
            while (!eofReceived && !lost && dropped <= LINGER_LIMIT) {
                if (inboxBytes > 0) {
                    t.reschedule(Math.min(end, loop.time() + LINGER_TIMEOUT.toNanos() / 1e9));
                }
                dropped += inboxBytes;
                inbox.clear();
                inboxBytes = 0;
                if (!transport.isReading() && !transport.isClosing()) {
                    transport.resumeReading();
                }
                awaitWakeup();
            }
        } catch (TimeoutError e) {
            // the client neither closed nor stopped sending in time: close anyway
        }
    }

    /** The next request's head, or {@code null} when the connection is done (its answer, if any, sent). */
    private RequestHead readHead() {
        state = State.IDLE;
        head = null;
        if (writable != null) {
            // The client does not read its answers as fast as it sends requests (a pipelining client
            // that never reads): read no more requests until the socket takes what is queued.
            flush();
            try {
                drain();
            } catch (IOException gone) {
                return null;
            }
        }
        HttpEvent ev;
        try {
            ev = parser.next(); // a pipelined request may be complete already
            if (ev instanceof HttpEvent.NeedData && inbox.isEmpty() && !eofReceived) {
                if (closeRequested) {
                    return null;
                }
                flush();
                Duration idle = served == 0
                        ? runner.app().options().headerTimeout()
                        : runner.app().options().keepAliveTimeout();
                if (!awaitInputUntil(loop.time() + idle.toNanos() / 1e9)) {
                    if (served == 0) {
                        sender.sendError(408, "no request within " + seconds(idle));
                    }
                    return null;
                }
            }
            if (ev instanceof HttpEvent.NeedData) {
                ev = pollEvent(); // the head usually arrived whole: no header timer needed
            }
            if (ev instanceof HttpEvent.NeedData) {
                state = State.READING_HEAD;
                Duration limit = runner.app().options().headerTimeout();
                try (Timeout t = Asyncio.timeout(limit)) {
                    ev = nextEvent();
                } catch (TimeoutError e) {
                    sender.sendError(408, "the request head did not arrive within " + seconds(limit));
                    return null;
                }
            }
        } catch (HttpParseException e) {
            sender.sendError(e.status(), e.rule());
            runner.accessLog().rejected(peer, e);
            return null;
        }
        if (ev instanceof RequestHead h) {
            return h;
        }
        return null; // ConnectionClosed: the client closed between requests
    }

    /** Handles one request; whether the connection goes on. */
    private boolean handle(RequestHead h) {
        state = State.HANDLING;
        head = h;
        bodyDone = false;
        continueSent = false;
        BodyFraming framing = h.framing();
        declaredLength = switch (framing) {
            case BodyFraming.Length l -> l.n();
            case BodyFraming.Chunked c -> -1;
            default -> 0;
        };
        Request request = new Request(
                runner.app(), h.method(), h.pathAndQuery(), h.version(), h.headers(), this, RequestIds.of(h.headers()));
        double start = loop.time();
        if (!outbox.isEmpty() && !flushScheduled) {
            // earlier answers of this burst are queued: if this handler waits, they go out meanwhile
            flushScheduled = true;
            loop.callSoon(flushSoon);
        }
        Response response;
        try {
            response = runner.dispatcher().dispatch(request);
        } catch (HttpParseException e) {
            // the body broke the framing rules while the handler read it
            int status = e.status();
            sender.sendError(status, e.rule());
            runner.accessLog().log(request, status, 0, loop.time() - start);
            return false;
        }
        if (switchedTo != null) {
            switchedTo.handlerDone(response.status()); // closes a WebSocket the handler left open
            runner.accessLog().log(request, 101, 0, loop.time() - start);
            return false; // the new protocol ended with the handler: close
        }
        // after a 413 the rest of the body is not worth reading: close, as aiohttp and nginx do
        boolean keepAlive = h.keepAlive() && !closeRequested && !lost && response.status() != 413;
        if (keepAlive && !bodyDone) {
            keepAlive = dropUnreadBody();
        }
        long sent;
        try {
            sent = sender.send(request, response, keepAlive);
        } catch (SendFailed e) {
            runner.accessLog().log(request, response.status(), e.sent, loop.time() - start);
            return false;
        }
        runner.accessLog().log(request, response.status(), sent, loop.time() - start);
        served++;
        return keepAlive && !lost && !sender.mustClose();
    }

    /**
     * Reads and drops what the handler left of the body, so that the next request can be read; only a
     * short one: a client that sent {@code Expect: 100-continue} and was not told to go on, or a long
     * body, closes the connection instead.
     */
    private boolean dropUnreadBody() {
        if (head.expectsContinue() && !continueSent) {
            return false;
        }
        if (declaredLength > DRAIN_LIMIT) {
            return false;
        }
        if (declaredLength == 0) {
            // no body (the common GET): its end is parsed already, no timer needed to wait for it
            try {
                if (pollEvent() instanceof HttpEvent.EndOfMessage) {
                    bodyDone = true;
                    return true;
                }
            } catch (HttpParseException e) {
                return false;
            }
            return false;
        }
        long dropped = 0;
        try (Timeout t = Asyncio.timeout(runner.app().options().headerTimeout())) {
            for (byte[] piece = read(); piece != null; piece = read()) {
                dropped += piece.length;
                if (dropped > DRAIN_LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (TimeoutError | IOException | HttpParseException e) {
            return false;
        }
    }

    // ---- input ----

    /** The parser's next event, feeding it queued input and waiting for more as needed. */
    private HttpEvent nextEvent() {
        return nextEvent(true);
    }

    /**
     * The parser's next event from the input queued so far: {@link HttpEvent.NeedData} where
     * {@link #nextEvent()} would wait. Lets a request whose head has fully arrived skip arming the
     * header timer (the common keep-alive case: one timer per request fewer).
     */
    private HttpEvent pollEvent() {
        return nextEvent(false);
    }

    private HttpEvent nextEvent(boolean wait) {
        while (true) {
            HttpEvent ev = parser.next();
            if (!(ev instanceof HttpEvent.NeedData)) {
                return ev;
            }
            byte[] b = inbox.poll();
            if (b != null) {
                inboxBytes -= b.length;
                if (inboxBytes <= INBOX_LOW
                        && !lost
                        && transport != null
                        && !transport.isReading()
                        && !transport.isClosing()) {
                    transport.resumeReading();
                }
                parser.feed(b, 0, b.length);
                continue;
            }
            if (eofReceived) {
                if (eofFed) {
                    return HttpEvent.ConnectionClosed.INSTANCE;
                }
                eofFed = true;
                parser.feedEof();
                continue;
            }
            if (!wait) {
                return ev;
            }
            flush();
            awaitWakeup();
        }
    }

    /**
     * Waits for input (or EOF, or a shutdown's wake-up) until loop time {@code deadline}; whether
     * something came before it. Arms the connection's idle timer only when none is armed at or before
     * the deadline: in a steady keep-alive exchange, one timer per timeout period, not one per request.
     */
    private boolean awaitInputUntil(double deadline) {
        idleDeadline = deadline;
        idleExpired = false;
        if (idleTimer != null && idleTimerDeadline > deadline) {
            idleTimer.cancel(); // a shorter timeout than the armed one (the header timeout before the first request)
            idleTimer = null;
        }
        if (idleTimer == null) {
            armIdleTimer(deadline);
        }
        // awaitWakeup() inlined: one frame fewer in the stack every idle connection keeps on the heap
        Future<Void> w = loop.createFuture();
        wakeup = w;
        idleWaiting = true;
        try {
            await(w);
        } finally {
            wakeup = null;
            idleWaiting = false;
        }
        return !idleExpired || !inbox.isEmpty() || eofReceived;
    }

    private void armIdleTimer(double deadline) {
        idleTimerDeadline = deadline;
        idleTimer = loop.callAt(deadline, idleCheck);
    }

    /**
     * The idle timer fired: ends the wait if it was armed for this wait's deadline (or a later one),
     * else re-arms for the deadline. It compares deadlines, not the clock with a deadline: a timer runs
     * when the clock reaches its time in nanoseconds, and {@code time()} read back in seconds may round
     * just below the deadline it was armed for (with a virtual clock, forever).
     */
    private void idleCheck() {
        idleTimer = null;
        if (!idleWaiting) {
            return; // busy: the next idle wait arms a timer again
        }
        if (idleTimerDeadline >= idleDeadline) {
            idleExpired = true;
            wake();
        } else {
            armIdleTimer(idleDeadline);
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    private void awaitWakeup() {
        Future<Void> w = loop.createFuture();
        wakeup = w;
        try {
            await(w);
        } finally {
            wakeup = null;
        }
    }

    private void wake() {
        Future<Void> w = wakeup;
        if (w != null && !w.done()) {
            w.setResult(null);
        }
    }

    // ---- BodySource: the request's view ----

    @Override
    public byte[] read() throws IOException {
        while (!bodyDone) {
            if (head.expectsContinue() && !continueSent) {
                continueSent = true;
                send(CONTINUE);
            }
            HttpEvent ev;
            try {
                ev = nextEvent();
            } catch (HttpParseException e) {
                if (eofFed) {
                    throw new ConnectionResetError(
                            "client " + peer + " closed the connection before the end of the request body", e);
                }
                throw e;
            }
            switch (ev) {
                case HttpEvent.Data d -> {
                    if (d.length() > 0) {
                        return d.toByteArray();
                    }
                }
                case HttpEvent.EndOfMessage end -> bodyDone = true;
                default ->
                    throw new ConnectionResetError(
                            "client " + peer + " closed the connection before the end of the request body");
            }
        }
        return null;
    }

    @Override
    public long declaredLength() {
        return declaredLength;
    }

    @Override
    public boolean finished() {
        return bodyDone;
    }

    @Override
    public Future<Void> disconnected() {
        return disconnected;
    }

    @Override
    public String peer() {
        return peer;
    }

    // ---- output (for ResponseSender) ----

    Transport transport() {
        return transport;
    }

    EventLoop loop() {
        return loop;
    }

    AppRunner runner() {
        return runner;
    }

    boolean lost() {
        return lost;
    }

    /**
     * Queues {@code bytes} behind the earlier output; they go out with the next {@link #flush}. The
     * array must not change afterwards (it is not copied).
     */
    void queue(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        outbox.add(bytes);
        outboxBytes += bytes.length;
        if (outboxBytes >= OUTBOX_HIGH) {
            flush();
        }
    }

    /** {@link #queue} and {@link #flush}: for streamed bodies, whose writer waits for the socket. */
    void send(byte[] bytes) {
        queue(bytes);
        flush();
    }

    /** Hands the queued output to the transport, in one gathering write. */
    void flush() {
        if (outbox.isEmpty()) {
            return;
        }
        if (transport.isClosing()) {
            outbox.clear(); // aborted or lost meanwhile: asyncio drops writes to a closing transport too
        } else if (outbox.size() == 1) {
            transport.write(outbox.getFirst());
        } else {
            transport.writelines(outbox); // which copies what the socket does not take at once
        }
        outbox.clear();
        outboxBytes = 0;
    }

    /** The task yielded (a handler waits) with answers queued: they go out now. */
    private void flushSoon() {
        flushScheduled = false;
        if (transport != null) {
            flush();
        }
    }

    /** Waits while the transport's write buffer is over its high mark. */
    void drain() throws IOException {
        if (lost) {
            throw new ConnectionResetError("client " + peer + " disconnected");
        }
        Future<Void> w = writable;
        if (w != null) {
            await(w);
            if (lost) {
                throw new ConnectionResetError("client " + peer + " disconnected");
            }
        }
    }

    void reportError(String message, Throwable e) {
        loop.callExceptionHandler(
                new ExceptionContext(message + " (client " + peer + ")", e, task, null, java.util.Map.of()));
    }

    // ---- shutdown (for AppRunner) ----

    State state() {
        return state;
    }

    Task<Void> task() {
        return task;
    }

    /** Shutdown step 2: an idle connection closes now; a busy one after its current response. */
    void closeIfIdle() {
        closeRequested = true;
        if (switchedTo != null) {
            switchedTo.shutdown();
        }
        if (state == State.IDLE && transport != null) {
            eofReceived = true;
            flush();
            transport.close();
            wake();
        }
    }

    /** Shutdown's last step: cancels the handler still running and drops the connection. */
    void abort() {
        if (task != null && !task.done()) {
            cancelledHere = true;
            task.cancel("server shutting down: the grace period is over");
        }
        if (transport != null) {
            transport.abort();
        }
    }

    // ---- protocol switch (for WebSocketConduit): the hook for a response that takes the connection over ----

    /**
     * Takes the connection over from HTTP for the request being handled, once the caller has queued
     * its 101 answer: the handler's return value will not be sent and the connection closes after the
     * handler. The bytes the client sent past the request belong to the new protocol: returned here,
     * and the rest comes from {@link #readSwitched()}.
     *
     * @throws HttpBadRequest if the request has a body (a handshake has none)
     */
    byte[] switchProtocols(WebSocketConduit to) {
        if (state != State.HANDLING || switchedTo != null) {
            throw new IllegalStateException(this + ": switchProtocols() needs a request being handled, once");
        }
        if (declaredLength != 0) {
            throw new HttpBadRequest("a request that switches protocols has no body");
        }
        try {
            if (!bodyDone && !(pollEvent() instanceof HttpEvent.EndOfMessage)) {
                throw new HttpBadRequest("a request that switches protocols has no body");
            }
        } catch (HttpParseException e) {
            throw new HttpBadRequest(e.rule());
        }
        bodyDone = true;
        switchedTo = to;
        return parser.takeRemaining();
    }

    /** How many bytes from the client wait unread after a protocol switch. */
    long unreadSwitched() {
        return inboxBytes;
    }

    /** The next bytes from the client after a protocol switch; suspends; an empty array at EOF. */
    byte[] readSwitched() throws IOException {
        while (true) {
            byte[] b = inbox.poll();
            if (b != null) {
                inboxBytes -= b.length;
                if (inboxBytes <= INBOX_LOW && !lost && !transport.isReading() && !transport.isClosing()) {
                    transport.resumeReading();
                }
                return b;
            }
            if (eofReceived) {
                return new byte[0];
            }
            flush();
            awaitWakeup();
        }
    }

    /** A graceful shutdown began: a switched connection learns it at once. */
    boolean closeRequested() {
        return closeRequested;
    }

    private static void await(Future<Void> f) {
        try {
            f.await();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("internal future " + f + " failed", e);
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A response could not be sent whole (the client went away, or a streamed body's writer failed). */
    static final class SendFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final long sent;

        SendFailed(long sent, Throwable cause) {
            super(null, cause, false, false);
            this.sent = sent;
        }
    }

    @Override
    public String toString() {
        return "<HttpConnection " + peer + " " + state + " served=" + served + ">";
    }
}
