package org.jasyncio.bench.vthreads;

import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import org.jasyncio.bench.Bench;

/**
 * The floor of the timers workload for any engine that keeps its loop on a thread of its own and runs
 * each task on a virtual thread of its own (jasyncio's virtual engine): a hub virtual thread (the
 * loop) starts each of n virtual threads and waits until it has put its wake-up time in the hub's
 * timer queue and handed the baton back; then the hub waits for each wake-up time in turn, hands the
 * baton to that thread and waits until it has ended. Four hand-overs per task (start, sleep, wake,
 * end), as on jasyncio's virtual engine, and nothing of jasyncio's; plain virtual threads ({@link
 * Timers}) mount each thread twice (start, wake). The same seeded delays. docs/performance.md, Round 4.
 */
public final class TimersThroughHub {
    private TimersThroughHub() {}

    /** One sleeper and its turn: the hub and the sleeper alternate, so the queue needs no lock. */
    private static final class Sleeper implements Runnable, Comparable<Sleeper> {
        final Thread hub;
        final PriorityQueue<Sleeper> timers;
        final long delayNanos;
        long wakeAt;
        Thread thread;
        /** True while the sleeper holds the baton. */
        volatile boolean turn;

        Sleeper(Thread hub, PriorityQueue<Sleeper> timers, long delayNanos) {
            this.hub = hub;
            this.timers = timers;
            this.delayNanos = delayNanos;
        }

        @Override
        public void run() {
            wakeAt = System.nanoTime() + delayNanos;
            timers.add(this); // the hub is parked: it holds no baton
            turn = false;
            LockSupport.unpark(hub);
            while (!turn) {
                LockSupport.park();
            }
            turn = false; // woken: ends at once
            LockSupport.unpark(hub);
        }

        @Override
        public int compareTo(Sleeper o) {
            return Long.compare(wakeAt, o.wakeAt);
        }
    }

    /** Hands the baton to {@code s} and waits, parked, until it is handed back. */
    private static void handOver(Sleeper s, boolean start) {
        s.turn = true;
        if (start) {
            s.thread.start();
        } else {
            LockSupport.unpark(s.thread);
        }
        while (s.turn) {
            LockSupport.park();
        }
    }

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vthreads-hub",
                "timers",
                args,
                n -> OneCarrier.run(() -> {
                    long[] delays = Bench.timerDelaysNanos(n);
                    long t0 = System.nanoTime();
                    Thread hub = Thread.currentThread();
                    PriorityQueue<Sleeper> timers = new PriorityQueue<>();
                    var threads = Thread.ofVirtual().factory();
                    for (int i = 0; i < n; i++) {
                        Sleeper s = new Sleeper(hub, timers, delays[i]);
                        s.thread = threads.newThread(s);
                        handOver(s, true);
                    }
                    int woken = 0;
                    while (!timers.isEmpty()) {
                        Sleeper s = timers.poll();
                        for (long wait; (wait = s.wakeAt - System.nanoTime()) > 0; ) {
                            LockSupport.parkNanos(wait);
                        }
                        handOver(s, false);
                        woken++;
                    }
                    double elapsed = Bench.since(t0);
                    Bench.check(woken == n, "every sleeper woken");
                    return elapsed;
                }));
    }
}
