package org.jasyncio.internal;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The locks a platform thread holds, as far as the JVM lets us see them: monitors ({@code synchronized})
 * and {@code java.util.concurrent} ownable synchronizers ({@code ReentrantLock},
 * {@code ReentrantReadWriteLock}'s write lock), through {@link ThreadMXBean}. A task must not suspend
 * holding either (debug mode checks it at each suspension: see docs/asyncio-differences.md).
 *
 * <p>Costs, measured on JDK 25: about 50 µs for the monitors (a handshake with the thread), and 0.4 to
 * 2 ms for the synchronizers (the JVM walks the heap for them): debug mode only. Virtual threads are not
 * supported by {@link ThreadMXBean} (it returns no information for them), so on the virtual-thread
 * strand engine the check sees nothing; the loop's watchdog reports the hang instead.
 */
public final class HeldLocks {
    private HeldLocks() {}

    /**
     * The locks {@code thread} holds, each as {@code class@hash}, monitors first; {@code null} when the
     * JVM cannot tell (a virtual thread, or no monitoring support).
     */
    public static List<String> heldBy(Thread thread) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (thread.isVirtual() || !mx.isObjectMonitorUsageSupported()) {
            return null;
        }
        boolean synchronizers = mx.isSynchronizerUsageSupported();
        ThreadInfo[] infos = mx.getThreadInfo(new long[] {thread.threadId()}, true, synchronizers);
        if (infos.length == 0 || infos[0] == null) {
            return null;
        }
        List<String> held = new ArrayList<>();
        for (LockInfo l : infos[0].getLockedMonitors()) {
            held.add(l.toString());
        }
        if (synchronizers) {
            for (LockInfo l : infos[0].getLockedSynchronizers()) {
                held.add(l.toString());
            }
        }
        return held;
    }

    /**
     * What {@code thread} is blocked on, if it waits for a lock: a monitor it is entering
     * ({@code BLOCKED}) or a {@code java.util.concurrent} lock or synchronizer it is parked in; else
     * {@code null}. Works for virtual threads too (from their state and stack).
     */
    public static String blockedOn(Thread thread) {
        Thread.State s = thread.getState();
        if (s == Thread.State.BLOCKED) {
            return "a monitor (synchronized)";
        }
        if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) {
            return null;
        }
        for (StackTraceElement e : thread.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer")
                    || c.startsWith("java.util.concurrent.locks.AbstractQueuedLongSynchronizer")) {
                continue;
            }
            if (c.startsWith("java.util.concurrent.") && !c.startsWith("java.util.concurrent.locks.LockSupport")) {
                return "a java.util.concurrent lock (" + c + "." + e.getMethodName() + ")";
            }
            if (!c.startsWith("java.") && !c.startsWith("jdk.")) {
                return null;
            }
        }
        return null;
    }
}
