package org.jasyncio.http.client;

import java.lang.ref.Cleaner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionContext;

/**
 * Reports, once, a session or response that was dropped without being closed (aiohttp's
 * "Unclosed client session" and "Unclosed response" warnings), through the loop's exception handler;
 * then runs a clean-up on the loop (closing the connection it held).
 *
 * <p>Where the object was created costs a stack walk, so it is recorded only where that is cheap
 * enough (as asyncio and aiohttp record a creation traceback only in debug mode):
 * <ul>
 *   <li>in debug mode ({@link EventLoop#getDebug()}), the whole stack, for sessions and responses;</li>
 *   <li>otherwise, for a session, one frame (the line that made it: one short walk per session);</li>
 *   <li>otherwise, for a response, nothing: the report says so and how to get the line (debug mode).
 *       A walk per response cost more than the rest of a keep-alive request.</li>
 * </ul>
 *
 * <p>It is the {@link Cleaner} action of the object it watches, so it must not reference that object.
 * The report happens at most once, either from the cleaner thread when the object is collected, or
 * from {@link #reportNow} (the session closing with the response still open); {@link #settle()}
 * (a proper close) prevents both. Why not a finalizer: deprecated, and it resurrects the object.
 */
final class LeakReport implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "jasyncio-http-leaks");
        t.setDaemon(true);
        return t;
    });
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String SESSION = ClientSession.class.getName();
    /** What a report says in place of the creation site when none was recorded. */
    static final String NO_SITE = "(where it was created is recorded in debug mode only: RunOptions.withDebug(true))";

    private final EventLoop loop;
    private final String what;
    /** Where the watched object was created, or null when it was not recorded (see the class comment). */
    private final Throwable site;
    /** Runs on the loop after a report: releases what the dropped object held. May be null. */
    private final Runnable cleanup;

    private final AtomicBoolean settled = new AtomicBoolean();
    private Cleaner.Cleanable cleanable;

    private LeakReport(EventLoop loop, String what, Throwable site, Runnable cleanup) {
        this.loop = loop;
        this.what = what;
        this.site = site;
        this.cleanup = cleanup;
    }

    /**
     * Watches {@code watched}: when it is collected before {@link #settle()}, reports {@code what}.
     * {@code locate}: record the creation line even outside debug mode (sessions: one walk each).
     */
    static LeakReport watch(Object watched, EventLoop loop, String what, boolean locate, Runnable cleanup) {
        Throwable site =
                loop.getDebug() ? new Throwable(what + " was created here") : locate ? callerFrame(what) : null;
        LeakReport r = new LeakReport(loop, what, site, cleanup);
        r.cleanable = CLEANER.register(watched, r);
        return r;
    }

    /** One frame, the caller of the session's outermost frame (the user's line), without a whole stack trace. */
    private static Throwable callerFrame(String what) {
        StackTraceElement caller = WALKER.walk(frames -> {
            List<StackWalker.StackFrame> top = frames.limit(64).toList();
            int last = -1;
            for (int i = 0; i < top.size(); i++) {
                if (isSession(top.get(i).getClassName())) {
                    last = i;
                }
            }
            return last >= 0 && last + 1 < top.size() ? top.get(last + 1).toStackTraceElement() : null;
        });
        Throwable t = new Throwable(what + " was created at " + caller, null, false, true) {
            private static final long serialVersionUID = 1L;
        };
        t.setStackTrace(caller == null ? new StackTraceElement[0] : new StackTraceElement[] {caller});
        return t;
    }

    private static boolean isSession(String className) {
        return className.equals(SESSION) || className.startsWith(SESSION + "$");
    }

    /** Where the watched object was created, in one line (the frame that called the session), or null. */
    String site() {
        if (site == null) {
            return null;
        }
        StackTraceElement[] st = site.getStackTrace();
        int last = -1;
        for (int i = 0; i < st.length; i++) {
            if (isSession(st[i].getClassName())) {
                last = i;
            }
        }
        if (last >= 0 && last + 1 < st.length) {
            return st[last + 1].toString();
        }
        return st.length == 0 ? "an unknown place" : st[0].toString();
    }

    /** The report's text: what, where it was created when known, why. */
    private String message(String why) {
        String where = site();
        return where == null ? what + " " + why + " " + NO_SITE : what + " created at " + where + " " + why;
    }

    /** The watched object was closed properly: nothing will be reported. */
    void settle() {
        if (settled.compareAndSet(false, true)) {
            cleanable.clean(); // deregisters; run() then sees settled and does nothing
        }
    }

    /** Whether it was settled or reported. */
    boolean settled() {
        return settled.get();
    }

    /** Reports now (loop thread) with {@code why}, unless settled; the caller cleans up. */
    void reportNow(String why) {
        if (settled.compareAndSet(false, true)) {
            cleanable.clean();
            loop.callExceptionHandler(context(message(why)));
        }
    }

    /** The cleaner's action: the watched object was collected. Any thread. */
    @Override
    public void run() {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        ExceptionContext ctx = context(message("was never closed"));
        if (!loop.isClosed()) {
            try {
                loop.callSoonThreadsafe(() -> {
                    loop.callExceptionHandler(ctx);
                    if (cleanup != null) {
                        cleanup.run();
                    }
                });
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through: no loop to report on any more
            }
        }
        loop.defaultExceptionHandler(ctx);
    }

    private ExceptionContext context(String message) {
        return new ExceptionContext(
                message, null, null, null, site == null ? Map.of() : Map.of("source_traceback", site));
    }
}
