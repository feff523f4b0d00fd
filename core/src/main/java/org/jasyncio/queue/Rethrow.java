package org.jasyncio.queue;

/** Rethrows a throwable unchanged, checked or not (the core keeps its own helper package-private). */
final class Rethrow {
    private Rethrow() {
    }

    /** Throws {@code t}; declared to return so callers can write {@code throw rethrow(t)}. */
    static Exception rethrow(Throwable t) {
        throw Rethrow.<RuntimeException>sneaky(t);
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
