package org.jasyncio.internal;

import java.io.IOException;
import java.util.concurrent.Callable;

/** Rethrowing stored throwables unchanged; shared by the core packages (not exported). */
public final class Throwables {
    private Throwables() {}

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

    /**
     * Calls {@code call} (a future's {@code await}, in the networking code), rethrowing I/O errors and
     * unchecked exceptions as they are and wrapping any other checked exception in an
     * {@link IOException}.
     */
    public static <T> T callIo(Callable<T> call) throws IOException {
        try {
            return call.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Throws any throwable unchanged from a method that declares no checked exception. */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
