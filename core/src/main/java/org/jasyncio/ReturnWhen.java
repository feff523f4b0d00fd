package org.jasyncio;

/** When {@link Asyncio#wait} returns (asyncio's {@code FIRST_COMPLETED}, {@code FIRST_EXCEPTION}, {@code ALL_COMPLETED}). */
public enum ReturnWhen {
    /** As soon as any future is done or cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future fails with an exception, or all are done. */
    FIRST_EXCEPTION,
    /** When all futures are done. */
    ALL_COMPLETED
}
