package org.jasyncio.internal;

/**
 * What the virtual-thread engine asks of the loop its strands belong to, so that the baton can go
 * straight from one task's virtual thread to the next task's (one hand-over per task switch) instead
 * of through the loop's own thread (two). Both methods are called on a strand's thread while it holds
 * the baton (the loop's state is then that thread's alone, as it is the loop thread's between steps).
 */
public interface HandOffs {
    /**
     * Called on the thread of a strand whose step just ended (its body parked, or it ended and
     * {@link #handedStepEnded()} ran): does the loop's work up to the next task step the loop would run
     * now, begins that step and returns its strand; or returns {@code null} when the loop's own thread
     * must go on (anything else is next, the loop would wait, or must stop). Must not throw for the
     * loop's own reasons; what it throws reaches the loop's thread.
     */
    Strand nextStep();

    /** Called on a strand's thread when its body ended in a step that {@link #nextStep()} began. */
    void handedStepEnded();
}
