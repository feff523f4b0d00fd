package org.jasyncio.http.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.jasyncio.http.codec.HttpLimits;
import org.jasyncio.net.Connection;
import org.jasyncio.net.TlsOptions;

/**
 * The session's keep-alive connections, per {@link Origin} (aiohttp's {@code TCPConnector}): at most
 * {@code limit} open in all and {@code limitPerHost} per origin (0: no limit), counting idle, leased
 * and connecting ones. An idle connection closes after {@code keepAlive} and is never handed out once
 * the server closed it. Waiters for a slot are served first come, first served.
 *
 * <p>Invariant: {@code open == sum(perOrigin)}, and each counts every connection that is connecting,
 * ACTIVE or IDLE; a connection leaves the counts exactly once, when it closes. Loop thread only.
 */
final class ConnectionPool {
    /**
     * <pre>
     * OPEN --close()--> CLOSED
     * </pre>
     */
    enum State {
        OPEN,
        CLOSED
    }

    /** A request waiting for a slot; {@code future} completes when one may be free for {@code origin}. */
    private record Waiter(Origin origin, Future<Void> future) {}

    private final EventLoop loop;
    private final int limit;
    private final int limitPerHost;
    private final Duration keepAlive;
    private final Dialer dialer;
    private final TlsOptions tls;
    private final HttpLimits limits;
    private final ClientTrace trace;
    private State state = State.OPEN;
    private int open;
    private final Map<Origin, Integer> perOrigin = new HashMap<>();
    /** Idle connections per origin, the most recently used last. */
    private final Map<Origin, ArrayDeque<HttpConnection>> idle = new HashMap<>();
    /**
     * The one timer that closes idle connections past {@code keepAlive}: set for the oldest idle one,
     * then re-set for the next (one timer per pool, not one per released connection). Null when none.
     */
    private TimerHandle sweep;
    /** Leased connections, and who holds each (for the pool-timeout message). */
    private final Map<HttpConnection, String> leased = new HashMap<>();

    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long created;
    private long reused;

    ConnectionPool(
            EventLoop loop,
            int limit,
            int limitPerHost,
            Duration keepAlive,
            Dialer dialer,
            TlsOptions tls,
            HttpLimits limits,
            ClientTrace trace) {
        this.loop = loop;
        this.limit = limit;
        this.limitPerHost = limitPerHost;
        this.keepAlive = keepAlive;
        this.dialer = dialer;
        this.tls = tls;
        this.limits = limits;
        this.trace = trace;
    }

    /**
     * A connection to {@code origin}, leased to {@code holder}: an idle one when there is one (unless
     * {@code fresh}), else a new one once a slot is free. Suspends under the connect limits of
     * {@code deadlines}.
     */
    HttpConnection acquire(Origin origin, boolean fresh, Deadlines deadlines, String holder) throws IOException {
        deadlines.startConnect();
        boolean woken = false;
        while (true) {
            checkOpen();
            if (!fresh) {
                HttpConnection c = takeIdle(origin);
                if (c != null) {
                    reused++;
                    c.state = HttpConnection.State.ACTIVE;
                    leased.put(c, holder);
                    trace.connectionReused(c.origin.toString(), c.id);
                    return c;
                }
            }
            if (!hasRoom(origin)) {
                evictIdleOfOthers(origin);
            }
            if (hasRoom(origin)) {
                return connect(origin, deadlines, holder);
            }
            Waiter w = new Waiter(origin, loop.createFuture());
            if (woken) {
                waiters.addFirst(w); // a newcomer took the slot it was woken for: keep its place
            } else {
                waiters.addLast(w);
            }
            try {
                deadlines.poolWait(
                        () -> {
                            try {
                                w.future().await();
                            } catch (Exception e) {
                                // The future only ever gets a null result; nothing else can come out of it.
                                throw new IllegalStateException("pool waiter " + w + " failed", e);
                            }
                            return null;
                        },
                        this::describe);
                woken = true;
            } catch (CancelledError | RuntimeException e) {
                waiters.remove(w);
                if (w.future().done() && !w.future().cancelled()) {
                    wakeNext(); // woken, but leaving: pass the wake-up on (docs/design.md, code rule 6)
                }
                throw e;
            }
        }
    }

    private HttpConnection connect(Origin origin, Deadlines deadlines, String holder) throws IOException {
        open++;
        perOrigin.merge(origin, 1, Integer::sum);
        HttpConnection c;
        try {
            Connection conn = deadlines.connect(() -> dial(origin, deadlines), origin);
            c = new HttpConnection(origin, conn, limits);
        } catch (IOException | RuntimeException | Error e) {
            forget(origin);
            throw e;
        }
        created++;
        leased.put(c, holder);
        trace.connectionCreated(origin.toString(), c.id);
        return c;
    }

    /**
     * A connection to {@code origin} that the pool neither counts nor keeps: for a WebSocket, which
     * takes it over for good (the session's dialer and TLS options, the connect timeout).
     */
    Connection dialDetached(Origin origin, Deadlines deadlines) throws IOException {
        checkOpen();
        return deadlines.connect(() -> dial(origin, deadlines), origin);
    }

    /** The HTTP limits of the pool's connections. */
    HttpLimits limits() {
        return limits;
    }

    private Connection dial(Origin origin, Deadlines deadlines) throws IOException {
        try {
            if (origin.proxy() == null) {
                return dialer.dial(
                        origin.host(), origin.port(), origin.tls() ? tls.withServerName(origin.host()) : null);
            }
            Connection conn = dialer.dial(origin.proxy().host(), origin.proxy().port(), null);
            if (origin.tunnel()) {
                try {
                    origin.proxy().tunnel(conn, origin, limits, deadlines);
                    conn.writer().startTls(tls.withServerName(origin.host()));
                } catch (IOException | RuntimeException | Error e) {
                    conn.writer().transport().abort();
                    throw e;
                }
            }
            return conn;
        } catch (SSLException e) {
            throw new ClientSslError(
                    "TLS handshake with " + origin + " failed for " + deadlines.url() + ": " + certificateProblem(e),
                    e);
        } catch (UnknownHostException e) {
            throw new ClientConnectionError(
                    "cannot connect to " + origin + " for " + deadlines.url() + ": the name does not resolve ("
                            + e.getMessage() + ")",
                    e);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new ClientConnectionError(
                    "cannot connect to " + origin + " for " + deadlines.url() + ": " + e.getMessage(), e);
        } catch (ClientError e) {
            throw e;
        } catch (IOException e) {
            throw new ClientConnectionError("cannot connect to " + origin + " for " + deadlines.url() + ": " + e, e);
        }
    }

    /** The certificate problem behind a failed handshake, in words. */
    static String certificateProblem(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof CertificateException && m.contains("No subject alternative")) {
                return "the certificate is not for this host name (" + m + ")";
            }
            if (m.contains("PKIX path building failed") || m.contains("unable to find valid certification path")) {
                return "the certificate is not trusted: no chain to a trusted root (" + m + ")";
            }
            if (t instanceof java.security.cert.CertificateExpiredException) {
                return "the certificate has expired (" + m + ")";
            }
            if (t instanceof java.security.cert.CertificateNotYetValidException) {
                return "the certificate is not yet valid (" + m + ")";
            }
        }
        return String.valueOf(e.getMessage());
    }

    private boolean hasRoom(Origin origin) {
        return (limit == 0 || open < limit) && (limitPerHost == 0 || perOrigin.getOrDefault(origin, 0) < limitPerHost);
    }

    /** The total limit is reached: closes idle connections of other origins to make room. */
    private void evictIdleOfOthers(Origin origin) {
        if (limit == 0 || open < limit) {
            return;
        }
        for (Iterator<Map.Entry<Origin, ArrayDeque<HttpConnection>>> it =
                        idle.entrySet().iterator();
                it.hasNext() && open >= limit; ) {
            var e = it.next();
            if (e.getKey().equals(origin)) {
                continue;
            }
            ArrayDeque<HttpConnection> q = e.getValue();
            while (!q.isEmpty() && open >= limit) {
                closeIdle(q.pollFirst());
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
    }

    private HttpConnection takeIdle(Origin origin) {
        ArrayDeque<HttpConnection> q = idle.get(origin);
        while (q != null && !q.isEmpty()) {
            HttpConnection c = q.pollLast();
            boolean expired = keepAlive != null && loop.time() - c.idleSince >= keepAlive.toNanos() / 1e9;
            if (expired || c.unusable()) {
                c.state = HttpConnection.State.ACTIVE; // closeIdle expects it out of the queue
                close(c, true);
                continue;
            }
            if (q.isEmpty()) {
                idle.remove(origin);
            }
            return c;
        }
        if (q != null) {
            idle.remove(origin);
        }
        return null;
    }

    /**
     * Gives back a leased connection: to the idle set when {@code reusable} (its response was read to
     * the end and both sides keep it alive), else closed (aborted when {@code reusable} is false
     * because something broke).
     */
    void release(HttpConnection c, boolean reusable) {
        if (leased.remove(c) == null) {
            return; // released twice: the second is a no-op
        }
        if (!reusable || state == State.CLOSED || c.unusable()) {
            close(c, !c.betweenMessages()); // a clean end (Connection: close) closes gracefully, a broken one aborts
            return;
        }
        c.state = HttpConnection.State.IDLE;
        c.idleSince = loop.time();
        idle.computeIfAbsent(c.origin, o -> new ArrayDeque<>()).addLast(c);
        if (keepAlive != null && sweep == null) {
            sweep = loop.callAt(c.idleSince + keepAliveSeconds(), this::sweep);
        }
        wakeNext();
    }

    private double keepAliveSeconds() {
        return keepAlive.toNanos() / 1e9;
    }

    /**
     * The sweep timer: closes every idle connection whose keep-alive time is over (the oldest of each
     * origin come first: connections are appended as they go idle), then sets itself for the oldest left.
     */
    private void sweep() {
        sweep = null;
        if (state == State.CLOSED) {
            return;
        }
        double ka = keepAliveSeconds();
        double now = loop.time();
        double next = Double.POSITIVE_INFINITY;
        for (Iterator<ArrayDeque<HttpConnection>> it = idle.values().iterator(); it.hasNext(); ) {
            ArrayDeque<HttpConnection> q = it.next();
            while (!q.isEmpty() && now >= q.peekFirst().idleSince + ka) {
                closeIdle(q.pollFirst());
            }
            if (q.isEmpty()) {
                it.remove();
            } else {
                next = Math.min(next, q.peekFirst().idleSince + ka);
            }
        }
        if (next != Double.POSITIVE_INFINITY) {
            sweep = loop.callAt(next, this::sweep);
        }
    }

    private void closeIdle(HttpConnection c) {
        close(c, false);
    }

    private void close(HttpConnection c, boolean abort) {
        if (c.state == HttpConnection.State.CLOSED) {
            return;
        }
        c.close(abort);
        forget(c.origin);
    }

    private void forget(Origin origin) {
        open--;
        perOrigin.computeIfPresent(origin, (o, n) -> n == 1 ? null : n - 1);
        wakeNext();
    }

    /** Wakes the first waiter that can make progress now. */
    private void wakeNext() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.future().done()) {
                it.remove();
                continue;
            }
            ArrayDeque<HttpConnection> q = idle.get(w.origin());
            boolean canGo = (q != null && !q.isEmpty())
                    || hasRoom(w.origin())
                    || (limit != 0
                            && open >= limit
                            && !idle.isEmpty()
                            && (limitPerHost == 0 || perOrigin.getOrDefault(w.origin(), 0) < limitPerHost));
            if (canGo) {
                it.remove();
                w.future().setResult(null);
                return;
            }
        }
    }

    /** What the pool holds, for the pool-timeout message. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(open)
                .append(" open of limit ")
                .append(limit == 0 ? "none" : limit)
                .append(" (per host ")
                .append(limitPerHost == 0 ? "none" : limitPerHost)
                .append("), ")
                .append(idleCount())
                .append(" idle, ")
                .append(leased.size())
                .append(" in use");
        if (!leased.isEmpty()) {
            sb.append(" by: ");
            int n = 0;
            for (String holder : leased.values()) {
                if (n++ == 5) {
                    sb.append(", ...");
                    break;
                }
                sb.append(n > 1 ? "; " : "").append(holder);
            }
        }
        return sb.toString();
    }

    int idleCount() {
        int n = 0;
        for (ArrayDeque<HttpConnection> q : idle.values()) {
            n += q.size();
        }
        return n;
    }

    /** Idle connections, for tests and statistics. */
    List<HttpConnection> idleConnections() {
        List<HttpConnection> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        return all;
    }

    /** One-line counts: open, idle, leased, waiting, created, reused. */
    List<String> statistics() {
        return List.of(
                "open=" + open,
                "idle=" + idleCount(),
                "inUse=" + leased.size(),
                "waiting=" + waiters.size(),
                "created=" + created,
                "reused=" + reused);
    }

    int open() {
        return open;
    }

    int inUse() {
        return leased.size();
    }

    long created() {
        return created;
    }

    long reused() {
        return reused;
    }

    private void checkOpen() throws ClientError {
        if (state == State.CLOSED) {
            throw new ClientError(
                    "the session's connection pool is closed: no request can be made after ClientSession.close()");
        }
    }

    /** Closes the idle connections and fails the waiters; leased ones close when released. */
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (sweep != null) {
            sweep.cancel();
            sweep = null;
        }
        for (ArrayDeque<HttpConnection> q : List.copyOf(idle.values())) {
            for (HttpConnection c : List.copyOf(q)) {
                closeIdle(c);
            }
        }
        idle.clear();
        Set<Waiter> ws = new LinkedHashSet<>(waiters);
        waiters.clear();
        for (Waiter w : ws) {
            if (!w.future().done()) {
                w.future().setResult(null); // wakes into checkOpen(), which throws
            }
        }
    }

    /** Closes every leased connection too (the session closing over unread responses). */
    void abortLeased() {
        for (HttpConnection c : List.copyOf(leased.keySet())) {
            leased.remove(c);
            close(c, true);
        }
    }

    @Override
    public String toString() {
        return "<ConnectionPool " + state.name().toLowerCase() + " " + String.join(" ", statistics()) + ">";
    }
}
