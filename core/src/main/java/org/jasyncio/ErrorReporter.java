package org.jasyncio;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loop's error reporting (asyncio's {@code call_exception_handler} and
 * {@code default_exception_handler}): the handler a program sets, the default one that logs, and the
 * failed futures whose exception nobody has retrieved yet, reported when they are collected or when
 * the loop closes.
 *
 * <p>Threading: the handler is set and called on the loop thread; the unretrieved set is also changed
 * by the cleaner thread, which reports through {@link #reportFromAnyThread}.
 */
final class ErrorReporter {
    private static final System.Logger LOG = System.getLogger("org.jasyncio");

    private final EventLoop loop;
    private ExceptionHandler handler;
    /** Reports of failed futures whose exception nobody has retrieved yet; the cleaner thread removes too. */
    private final Set<Future.UnretrievedReport> unretrieved = ConcurrentHashMap.newKeySet();

    ErrorReporter(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Whether a callback's failure is the callback's alone, to report and go on from. Every throwable
     * is, except a {@link VirtualMachineError} that speaks for the whole JVM (out of memory, an internal
     * error): that one stops the loop. A {@link StackOverflowError} is the callback's own, and the stack
     * has unwound by the time it is caught: asyncio reports a callback's {@code RecursionError} and goes
     * on, and so does Netty's loop.
     */
    static boolean isCallbacksOwn(Throwable e) {
        return !(e instanceof VirtualMachineError) || e instanceof StackOverflowError;
    }

    void setHandler(ExceptionHandler h) {
        this.handler = h;
    }

    ExceptionHandler handler() {
        return handler;
    }

    /** Reports an error to the handler (or the default one); never throws but a JVM-wide error. */
    void call(ExceptionContext context) {
        ExceptionHandler h = handler;
        if (h == null) {
            logDefault(context);
            return;
        }
        try {
            h.handle(loop, context);
        } catch (Throwable e) {
            if (!isCallbacksOwn(e)) {
                throw e;
            }
            LOG.log(
                    Level.ERROR,
                    "Unhandled error in exception handler " + h + " of " + loop + " while handling: "
                            + context.message(),
                    e);
            logDefault(context);
        }
    }

    /** The default handler: logs the report through {@link System.Logger} at ERROR level. */
    static void logDefault(ExceptionContext context) {
        StringBuilder sb =
                new StringBuilder(context.message() == null ? "Unhandled error in event loop" : context.message());
        if (context.future() != null) {
            sb.append("\n  future: ").append(context.future());
        }
        if (context.handle() != null) {
            sb.append("\n  handle: ").append(context.handle());
        }
        Map<String, Object> extra = new LinkedHashMap<>(context.extra());
        Task<?> t = context.task();
        if (t != null && t.creationSite() != null && !extra.containsKey("source_traceback")) {
            extra.put("source_traceback", t.creationSite());
        }
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            sb.append("\n  ").append(e.getKey()).append(": ");
            if (e.getValue() instanceof Throwable site) {
                for (StackTraceElement el : site.getStackTrace()) {
                    sb.append("\n    at ").append(el);
                }
            } else {
                sb.append(e.getValue());
            }
        }
        LOG.log(Level.ERROR, sb.toString(), context.exception());
    }

    void trackUnretrieved(Future.UnretrievedReport r) {
        unretrieved.add(r);
    }

    void forgetUnretrieved(Future.UnretrievedReport r) {
        unretrieved.remove(r);
    }

    /** At close: failures nobody retrieved and that are still alive would be lost with the process: reports them now. */
    void reportUnretrievedAtClose() {
        for (Future.UnretrievedReport r : List.copyOf(unretrieved)) {
            r.reportAtClose();
        }
        unretrieved.clear();
    }

    /** From the cleaner thread: reports an exception nobody retrieved. */
    void reportFromAnyThread(ExceptionContext ctx) {
        if (loop.isRunning()) {
            try {
                loop.callSoonThreadsafe(() -> call(ctx));
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // fall through to logging
            }
        }
        if (loop.isClosed() || handler == null) {
            logDefault(ctx);
        } else {
            call(ctx);
        }
    }
}
