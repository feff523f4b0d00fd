package org.jasyncio.http.server;

import java.io.IOException;

/**
 * Where a streamed response body goes ({@link Response#stream}): each write is sent as it comes
 * (a chunk on HTTP/1.1) and waits while the client reads slower than the handler writes, so a fast
 * producer cannot fill the heap (asyncio's {@code write()} + {@code drain()}).
 *
 * <p>Loop thread only: used by the handler's task. A write after the client went away throws
 * {@link org.jasyncio.net.ConnectionResetError}.
 */
public interface ResponseStream {
    /** Sends {@code data} and waits until the connection's write buffer is under its high mark. */
    void write(byte[] data) throws IOException;

    /** Sends {@code text} in UTF-8. */
    void write(String text) throws IOException;

    /** Whether the client is gone (writing would fail). */
    boolean isClosing();
}
