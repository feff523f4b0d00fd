package org.jasyncio.internal;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A strand on {@code jdk.internal.vm.Continuation}: resume is {@code run()}, park is
 * {@code Continuation.yield}, both on the loop thread, at about 0.2 µs a switch. Needs
 * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (or {@code =org.jasyncio} on the module path).
 *
 * <p>A continuation cannot yield while it has a native frame on its stack (or, before JDK 24, while
 * it holds a monitor); that attempt fails with an {@link IllegalStateException} that says so, instead
 * of the JDK's internal error.
 *
 * <p>Interrupts: the body runs on the loop's thread, so {@code Thread.currentThread().interrupt()} in a
 * body (the common {@code catch (InterruptedException e)} idiom) sets the loop thread's flag. Left
 * there, it would leak into the loop (whose every blocking select would then return at once: a loop
 * spinning at full speed) and into the next task to run. So each strand keeps its body's interrupt
 * flag as its own, as a virtual thread does: {@link #resume()} takes the loop's flag aside and hands
 * the body its own; when the body parks or ends, it takes the body's flag back into the strand and
 * restores the loop's. A body thus still sees its own interrupt after a suspension, another task
 * never sees it, and it ends with the task. An interrupt of the loop's thread that arrives while a
 * body runs cannot be told from the body's own, and is the body's.
 */
public final class ContinuationStrand extends Continuation implements Strand {
    static final ContinuationScope SCOPE = new ContinuationScope("jasyncio");

    /** Makes continuation strands. */
    public static final StrandFactory FACTORY = new StrandFactory() {
        @Override
        public Strand create(Runnable body, java.util.function.Supplier<String> name) {
            return new ContinuationStrand(body); // the name is made on demand (a task's stack trace)
        }

        @Override
        public String engineName() {
            return "continuation";
        }
    };

    /** The body's interrupt flag while it is parked. Loop thread only. */
    private boolean interrupted;

    /*
     * The strand IS its continuation (issue 14, allocation per task): it was a strand holding a
     * continuation, two objects and a pointer between them for every task, where one does. The
     * subclass is also where the JDK's pinning failure gets a message a user can act on (onPinned).
     */
    private ContinuationStrand(Runnable body) {
        super(SCOPE, body);
    }

    @Override
    public boolean resume() {
        boolean loopInterrupted = Thread.interrupted();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            run();
        } finally {
            interrupted = Thread.interrupted();
            if (loopInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return isDone();
    }

    @Override
    public void park() {
        Continuation.yield(SCOPE);
    }

    /** Always: {@code Continuation.yield} returns into {@code run()}, on the loop's thread. */
    @Override
    public boolean parksIntoResume() {
        return true;
    }

    @Override
    public boolean runsOn(Thread thread) {
        return false;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        if (isDone()) {
            return new StackTraceElement[0];
        }
        try {
            return getStackTrace();
        } catch (RuntimeException notParked) {
            return new StackTraceElement[0];
        }
    }

    /** Turns the JDK's pinning failure into a message a user can act on. */
    @Override
    protected void onPinned(Continuation.Pinned reason) {
        throw new IllegalStateException("a task cannot suspend here: its strand is pinned (" + reason
                + "); with the continuation engine a task must not suspend inside a native call"
                + " (e.g. a callback from native code) or while it holds a monitor (synchronized): use"
                + " org.jasyncio.sync.Lock for a lock held across a suspension; run with"
                + " -Djasyncio.strand=virtual if it must suspend inside native code");
    }
}
