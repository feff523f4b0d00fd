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
 */
public final class ContinuationStrand implements Strand {
    static final ContinuationScope SCOPE = new ContinuationScope("jasyncio");

    /** Makes continuation strands. */
    public static final StrandFactory FACTORY = new StrandFactory() {
        @Override
        public Strand create(Runnable body, java.util.function.Supplier<String> name) {
            return new ContinuationStrand(body);
        }

        @Override
        public String engineName() {
            return "continuation";
        }
    };

    private final Continuation continuation;

    private ContinuationStrand(Runnable body) {
        this.continuation = new PinAwareContinuation(body);
    }

    @Override
    public boolean resume() {
        continuation.run();
        return continuation.isDone();
    }

    @Override
    public void park() {
        Continuation.yield(SCOPE);
    }

    @Override
    public boolean runsOn(Thread thread) {
        return false;
    }

    @Override
    public StackTraceElement[] stackTrace() {
        if (continuation.isDone()) {
            return new StackTraceElement[0];
        }
        try {
            return continuation.getStackTrace();
        } catch (RuntimeException notParked) {
            return new StackTraceElement[0];
        }
    }

    /** Turns the JDK's pinning failure into a message a user can act on. */
    private static final class PinAwareContinuation extends Continuation {
        PinAwareContinuation(Runnable body) {
            super(SCOPE, body);
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            throw new IllegalStateException("a task cannot suspend here: its strand is pinned (" + reason
                    + "); with the continuation engine a task must not suspend inside a native call"
                    + " (e.g. a callback from native code); run with -Djasyncio.strand=virtual if it must");
        }
    }
}
