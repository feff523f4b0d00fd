package org.jasyncio;

/**
 * Thrown by {@link Runner#run} and {@link Asyncio#run} when Ctrl-C (SIGINT) cancelled the main task
 * and the main task ended cancelled, as asyncio's {@code Runner} raises {@code KeyboardInterrupt}.
 * Like Python's, it is not an {@link Exception}.
 */
public final class KeyboardInterrupt extends Error {
    private static final long serialVersionUID = 1L;

    /** The interrupt, with the main task's cancellation as its cause. */
    public KeyboardInterrupt(String message, Throwable cause) {
        super(message, cause);
    }
}
