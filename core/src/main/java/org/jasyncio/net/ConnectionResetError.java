package org.jasyncio.net;

import java.net.SocketException;

/**
 * The peer reset the connection, or it was lost while data was still being read or written (Python's
 * {@code ConnectionResetError}). A {@link SocketException}, so an {@code IOException} handler sees it;
 * the operating system's own exception, if any, is the cause.
 */
public final class ConnectionResetError extends SocketException {
    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** An error with a message saying what was lost and where. */
    public ConnectionResetError(String message) {
        super(message);
    }

    /** An error with a message and the underlying exception. */
    public ConnectionResetError(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
