package org.jasyncio.http.server;

import java.lang.System.Logger.Level;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jasyncio.http.codec.HttpParseException;

/**
 * The access log: one line per request at INFO on the {@code System.Logger}
 * {@code org.jasyncio.http.server.access}, in the Combined Log Format (what Apache, nginx and
 * aiohttp's default write, so that log tools read it) plus the time taken and the request id:
 * <pre>
 * 127.0.0.1 - - [04/Dec/2026:15:30:00 +0000] "GET /items/7 HTTP/1.1" 200 27 "-" "curl/8.5.0" 0.000412 3f9a1c02-17
 * </pre>
 * Requests rejected before they had a head (malformed, too large) are logged at WARNING with the rule.
 *
 * <p>Never on the loop: the loop formats the line (only if the logger would take it) and hands it to
 * a bounded queue; one daemon thread, {@code jasyncio-access-log}, passes the lines to the logger.
 * Why: the logger's handler may block (JUL's default console handler writes to stderr, which blocks
 * when stderr is a pipe nobody reads), and a blocked loop stops every connection. When the queue is
 * full the line is dropped and counted, and the count is logged at WARNING once the writer catches
 * up: losing log lines under a stuck log sink beats stalling the server (uvicorn, whose access log is
 * on by default, blocks its loop there instead).
 *
 * <p>Threading: {@link #log} and {@link #rejected} from any loop thread; one writer thread per JVM.
 */
final class AccessLog {
    /** How many lines may wait for the writer thread. */
    static final int QUEUE_SIZE = 8192;

    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);
    private static final System.Logger LOGGER = System.getLogger("org.jasyncio.http.server.access");
    /** The JVM's writer, started on first use. */
    private static volatile Writer shared;

    private final boolean enabled;
    private final Writer writer;

    AccessLog(boolean enabled) {
        this(enabled, null);
    }

    /** With its own writer (tests): {@code queueSize} lines at most wait. */
    AccessLog(boolean enabled, Integer queueSize) {
        this.enabled = enabled;
        this.writer = queueSize == null ? null : new Writer(queueSize);
    }

    void log(Request request, int status, long bytes, double seconds) {
        if (!enabled || !LOGGER.isLoggable(Level.INFO)) {
            return;
        }
        String remote = request.remote();
        int colon = remote.lastIndexOf(':');
        String host = colon > 0 ? remote.substring(0, colon) : remote;
        offer(
                Level.INFO,
                String.format(
                        Locale.ROOT,
                        "%s - - [%s] \"%s %s %s\" %d %d \"%s\" \"%s\" %.6f %s",
                        host,
                        CLF.format(ZonedDateTime.now(ZoneOffset.UTC)),
                        request.method(),
                        request.target(),
                        request.version().text(),
                        status,
                        bytes,
                        quoted(request.header("Referer")),
                        quoted(request.header("User-Agent")),
                        seconds,
                        request.id()));
    }

    void rejected(String peer, HttpParseException e) {
        if (enabled && LOGGER.isLoggable(Level.WARNING)) {
            offer(Level.WARNING, "rejected a request from " + peer + ": " + e.status() + " " + e.getMessage());
        }
    }

    /** Hands a line to the writer thread; never blocks (a full queue drops it, counted). */
    void offer(Level level, String line) {
        writer().offer(new Line(level, line));
    }

    /** Completes once every line offered before it was passed to the logger (tests; shutdown). */
    CompletableFuture<Void> written() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer().queue.add(new Line(null, done)); // a marker may wait: it is never dropped
        return done;
    }

    /** Lines dropped so far because the queue was full. */
    long dropped() {
        return writer().droppedTotal.get();
    }

    private Writer writer() {
        if (writer != null) {
            return writer;
        }
        Writer w = shared;
        if (w == null) {
            synchronized (AccessLog.class) {
                w = shared;
                if (w == null) {
                    w = shared = new Writer(QUEUE_SIZE);
                }
            }
        }
        return w;
    }

    private static String quoted(String s) {
        return s == null ? "-" : s.replace("\"", "\\\"");
    }

    /** A line, or (level null) a marker whose future completes when the writer reaches it. */
    private record Line(Level level, Object text) {}

    /** The thread that writes the lines, and its queue. */
    private static final class Writer {
        final BlockingQueue<Line> queue;
        /** Dropped since the last report; any thread. */
        final AtomicLong dropped = new AtomicLong();

        final AtomicLong droppedTotal = new AtomicLong();

        Writer(int size) {
            queue = new ArrayBlockingQueue<>(size + 64); // room for markers beyond the lines' share
            Thread t = new Thread(this::run, "jasyncio-access-log");
            t.setDaemon(true);
            t.start();
        }

        void offer(Line line) {
            if (queue.remainingCapacity() <= 64 || !queue.offer(line)) {
                dropped.incrementAndGet();
                droppedTotal.incrementAndGet();
            }
        }

        private void run() {
            while (true) {
                Line l;
                try {
                    l = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (l.level() == null) {
                    reportDropped();
                    ((CompletableFuture<?>) l.text()).complete(null);
                    continue;
                }
                try {
                    LOGGER.log(l.level(), (String) l.text());
                } catch (RuntimeException e) {
                    // a broken log handler loses this line; the next ones are tried anyway
                }
                if (queue.isEmpty()) {
                    reportDropped();
                }
            }
        }

        private void reportDropped() {
            long n = dropped.getAndSet(0);
            if (n > 0) {
                try {
                    LOGGER.log(
                            Level.WARNING,
                            n + " access log lines dropped: the log's handler did not keep up,"
                                    + " and the server does not wait for it");
                } catch (RuntimeException e) {
                    // as above
                }
            }
        }
    }
}
