package org.jasyncio.internal;

/** Rethrowing stored throwables unchanged; shared by the core packages (not exported). */
public final class Throwables {
    private Throwables() {
    }

    /**
     * Returns (for a {@code throw} at the call site) the throwable as an {@link Exception}, or throws it
     * directly if it is an {@link Error}; any other {@link Throwable} is wrapped.
     */
    public static Exception rethrow(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof Exception e) {
            return e;
        }
        return new RuntimeException(t);
    }

    /** Throws any throwable unchanged from a method that declares no checked exception. */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
