package org.jasyncio;

import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.internal.HeldLocks;
import org.jasyncio.internal.StackFrames;

/**
 * Debug mode's watch for a loop stuck on a lock (Vert.x's blocked-thread checker, narrowed to what
 * cannot end by itself): one daemon thread, started with the first debug-mode loop, looks at each
 * such loop every 50 ms. When a callback or task step has run for longer than the loop's slow-callback
 * duration and the thread running it (the loop's, or the task's virtual thread) waits to enter a
 * monitor or in a {@code java.util.concurrent} lock, it logs an error once for that step: if the lock
 * is held by a task suspended while holding it, the loop can never run that task again to release it.
 *
 * <p>Why a watchdog and not a check at each suspension on both engines: {@code ThreadMXBean} tells
 * which locks a platform thread holds (the continuation engine's loop thread: {@link EventLoop} checks
 * it as a task suspends) but nothing about virtual threads; what a virtual thread waits for is visible
 * from its state and stack only.
 */
final class LockWatchdog {
    private static final System.Logger LOG = System.getLogger("org.jasyncio");
    private static final long PERIOD_MILLIS = 50;
    /** Debug-mode loops, weakly held. Guarded by the class. */
    private static final List<WeakReference<EventLoop>> LOOPS = new ArrayList<>();

    private static Thread thread;

    private LockWatchdog() {}

    /** Starts watching {@code loop} (once); starts the thread on first use. */
    static synchronized void watch(EventLoop loop) {
        LOOPS.add(new WeakReference<>(loop));
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name("jasyncio-lock-watchdog").start(LockWatchdog::run);
        }
    }

    private static void run() {
        while (true) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (EventLoop loop : loops()) {
                try {
                    check(loop);
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "jasyncio lock watchdog: checking " + loop + " failed", e);
                }
            }
        }
    }

    private static synchronized List<EventLoop> loops() {
        List<EventLoop> live = new ArrayList<>();
        LOOPS.removeIf(r -> {
            EventLoop l = r.get();
            if (l == null || l.isClosed()) {
                return true;
            }
            live.add(l);
            return false;
        });
        return live;
    }

    private static void check(EventLoop loop) {
        long started = loop.stepStartedNanos;
        if (started == 0 || !loop.getDebug() || started == loop.stepReportedNanos) {
            return;
        }
        long ranFor = System.nanoTime() - started;
        if (ranFor < Math.max(loop.getSlowCallbackDuration().toNanos(), PERIOD_MILLIS * 1_000_000)) {
            return;
        }
        Task<?> task = loop.lastSteppedRacy();
        Thread loopThread = loop.loopThread();
        Thread strandThread =
                task == null ? null : task.strandThread(); // read once: it drops to null when the task ends
        Thread stuck = strandThread != null ? strandThread : loopThread;
        if (stuck == null) {
            return;
        }
        String on = HeldLocks.blockedOn(stuck);
        if (on == null || loop.stepStartedNanos != started) {
            return;
        }
        loop.stepReportedNanos = started;
        StringBuilder sb = new StringBuilder();
        sb.append(task != null ? String.valueOf(task) : "a callback of " + loop)
                .append(" has blocked the loop for ")
                .append(String.format(java.util.Locale.ROOT, "%.3f", ranFor / 1e9))
                .append(" seconds waiting for ")
                .append(on)
                .append(". If a task holds it across a suspension (await, sleep, ...), it can never be released:")
                .append(" the loop cannot run that task again. Use org.jasyncio.sync.Lock, which suspends the waiting")
                .append(" task instead of blocking the loop's thread. It waits at:");
        StackFrames.appendUserFrames(sb, stuck.getStackTrace(), 8, "    ");
        LOG.log(Level.ERROR, sb.toString());
    }
}
