package org.jasyncio.sync;

/** The {@link Held} the primitives hand out: runs its release action at most once. Loop thread only. */
final class HeldOnce implements Held {
    private final Object owner;
    private Runnable release;

    HeldOnce(Object owner, Runnable release) {
        this.owner = owner;
        this.release = release;
    }

    @Override
    public void close() {
        Runnable r = release;
        if (r != null) {
            release = null;
            r.run();
        }
    }

    @Override
    public String toString() {
        return "<Held " + (release == null ? "released" : "holding") + " " + owner + ">";
    }
}
