package org.jasyncio.net;

/**
 * What every stream protocol hears from its transport (asyncio's {@code BaseProtocol}). All methods are
 * called on the loop thread, by the loop, never re-entrantly from inside a transport call except
 * {@link #pauseWriting()} (from inside {@link Transport#write}).
 *
 * <p>Call order: {@code connectionMade} once, then data events, then {@code connectionLost} once.
 */
public interface BaseProtocol {
    /** The connection is up; {@code transport} is the protocol's to write to and close. */
    default void connectionMade(Transport transport) {}

    /**
     * The connection is closed. {@code exc} is {@code null} for a regular close or EOF, else the error
     * that ended it (e.g. a {@link ConnectionResetError}).
     */
    default void connectionLost(Exception exc) {}

    /** The transport's write buffer went over its high-water mark: stop writing until {@link #resumeWriting()}. */
    default void pauseWriting() {}

    /** The transport's write buffer drained to its low-water mark: writing may go on. */
    default void resumeWriting() {}
}
