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
}
