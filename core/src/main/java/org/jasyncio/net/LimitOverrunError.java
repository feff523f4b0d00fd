package org.jasyncio.net;

import java.io.IOException;

/**
 * A separator was not found within the reader's buffer limit (asyncio's {@code LimitOverrunError}).
 * As in asyncio, {@link StreamReader#readuntil} leaves the data in the buffer; {@link #consumed()} says
 * how many bytes the caller would have to consume to get past it.
 */
public final class LimitOverrunError extends IOException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The bytes to consume to get past the overrun. */
    private final int consumed;

    /** An error with a message and the number of bytes to consume. */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /** The total number of bytes to be consumed to get past the overrun. */
    public int consumed() {
        return consumed;
    }
}
