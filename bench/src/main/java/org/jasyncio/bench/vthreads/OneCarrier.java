package org.jasyncio.bench.vthreads;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a workload body on a virtual thread of a scheduler with one carrier thread, the virtual-thread
 * twin of "one event loop": {@code jdk.virtualThreadScheduler.parallelism=1} unless the command line
 * says otherwise. It has to be set before the first virtual thread exists, hence this class.
 */
final class OneCarrier {

    static {
        if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
            System.setProperty("jdk.virtualThreadScheduler.parallelism", "1");
        }
    }

    private OneCarrier() {}

    /** Runs {@code body} on a new virtual thread and returns its value (the "main task"). */
    static <T> T run(Callable<T> body) throws Exception {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = Thread.ofVirtual().name("main").start(() -> {
            try {
                value.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return value.get();
    }
}
