package org.jasyncio.bench.footprint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@link Footprint} of plain virtual threads parked in {@code Thread.sleep} (one carrier). */
public final class VthreadSleepers {
    private VthreadSleepers() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
            System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
        }
        int n = Footprint.count(args);
        long before = Footprint.before();
        CountDownLatch started = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                try {
                    Thread.sleep(3_600_000);
                } catch (InterruptedException e) {
                    // cancelled at the end
                }
            }));
        }
        started.await();
        Thread.sleep(500); // the last ones counted down: let them get into their sleep
        Footprint.report("vthreads", n, before + n * 4L);
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join();
        }
    }
}
