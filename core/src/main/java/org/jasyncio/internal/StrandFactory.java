package org.jasyncio.internal;

/** Makes strands of one engine. */
public interface StrandFactory {
    /** A new, unstarted strand that will run {@code body}; {@code name} is for stack traces and thread dumps. */
    Strand create(Runnable body, java.util.function.Supplier<String> name);

    /** The engine's name: {@code continuation} or {@code virtual}. */
    String engineName();

    /** Whether the loop itself should run on a virtual thread (so strand switches stay on one carrier). */
    default boolean hostsLoopOnVirtualThread() {
        return false;
    }

    /**
     * The factory one loop uses, which may ask {@code loop} for its next step as a strand parks (the
     * virtual engine hands the baton straight from task to task that way); this one by default.
     */
    default StrandFactory forLoop(HandOffs loop) {
        return this;
    }

    /**
     * The strand thread that holds the baton of the loop this factory was made for, or {@code null}
     * (the loop's own thread holds it, or the engine has no threads of its own). For diagnostics and
     * the loop's "which loop runs here" question; read by that thread itself, it is exact.
     */
    default Thread batonHolder() {
        return null;
    }

    /** Whether {@link #batonHolder()} can ever be a strand thread (a virtual-engine factory made for a loop). */
    default boolean passesBaton() {
        return false;
    }
}
