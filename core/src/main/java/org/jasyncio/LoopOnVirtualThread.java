package org.jasyncio;

import org.jasyncio.internal.Throwables;

/**
 * Runs a loop on a virtual thread of its own while the platform thread that asked waits for it (the
 * virtual-thread engine: handing the baton between two virtual threads stays on one carrier, where a
 * platform loop thread would pay two OS context switches per task step). The caller gets what the
 * loop's run threw, and the interrupts: its own while it waited, and the loop thread's.
 */
final class LoopOnVirtualThread {
    private LoopOnVirtualThread() {}

    /** Runs {@code body} (the loop's run on the current thread) on a new virtual thread named {@code name}; waits for it. */
    static void run(String name, Runnable body) {
        Throwable[] failure = {null};
        boolean[] loopInterrupted = {false};
        Thread vt = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                // The loop's thread is ours, not the caller's: its interrupt goes to the caller.
                loopInterrupted[0] = Thread.interrupted();
            }
        });
        vt.start();
        boolean interrupted = false;
        while (true) {
            try {
                vt.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted || loopInterrupted[0]) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] != null) {
            throw Throwables.<RuntimeException>sneaky(failure[0]);
        }
    }
}
