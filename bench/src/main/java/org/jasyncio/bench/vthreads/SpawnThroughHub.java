package org.jasyncio.bench.vthreads;

import java.util.concurrent.locks.LockSupport;
import org.jasyncio.bench.Bench;

/**
 * The floor of spawn + gather for any engine that keeps its loop on a thread of its own and runs each
 * task on a virtual thread of its own (jasyncio's virtual engine): a hub virtual thread (the loop)
 * starts each of n virtual threads and waits, parked, until it has run to its end and handed the baton
 * back, as the loop waits for a task's step. No loop, no futures, no gather: just the two hand-overs
 * per task (hub to task, task to hub) on one carrier. Compare with {@link SpawnGather}, where the n
 * threads are only queued and each runs once, with no hand-over back. docs/performance.md, Round 4.
 */
public final class SpawnThroughHub {
    private SpawnThroughHub() {}

    /** One task: its index, and the turn the hub waits on (a plain baton, as VirtualThreadStrand's). */
    private static final class Baton implements Runnable {
        final Thread hub;
        final int index;
        volatile boolean done;
        int result;

        Baton(Thread hub, int index) {
            this.hub = hub;
            this.index = index;
        }

        @Override
        public void run() {
            result = index;
            done = true;
            LockSupport.unpark(hub);
        }
    }

    public static void main(String[] args) throws Exception {
        Bench.main(
                "vthreads-hub",
                "spawn-gather",
                args,
                n -> OneCarrier.run(() -> {
                    long t0 = System.nanoTime();
                    Thread hub = Thread.currentThread();
                    var threads = Thread.ofVirtual().factory();
                    int[] results = new int[n];
                    for (int i = 0; i < n; i++) {
                        Baton b = new Baton(hub, i);
                        threads.newThread(b).start();
                        while (!b.done) {
                            LockSupport.park();
                        }
                        results[i] = b.result;
                    }
                    double elapsed = Bench.since(t0);
                    Bench.check(results[n - 1] == n - 1, "gathered results");
                    return elapsed;
                }));
    }
}
