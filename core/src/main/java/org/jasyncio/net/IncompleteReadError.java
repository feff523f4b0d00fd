package org.jasyncio.net;

import java.io.EOFException;

/**
 * The stream ended before the expected bytes arrived (asyncio's {@code IncompleteReadError}, an
 * {@code EOFError}): {@link #partial()} holds what was read before the end.
 */
public final class IncompleteReadError extends EOFException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The bytes read before the end. */
    private final byte[] partial;
    /** The bytes wanted, or -1. */
    private final long expected;

    /**
     * An error for a read that ended early.
     *
     * @param partial the bytes read before the end of the stream
     * @param expected how many bytes were wanted, or {@code -1} if unknown (a separator was wanted)
     */
    public IncompleteReadError(byte[] partial, long expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial.clone();
        this.expected = expected;
    }

    /** The bytes read before the end of the stream (a copy). */
    public byte[] partial() {
        return partial.clone();
    }

    /** How many bytes were expected, or {@code -1} if the read was for a separator. */
    public long expected() {
        return expected;
    }
}
