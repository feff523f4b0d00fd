package org.jasyncio.http.server;

import java.io.IOException;
import org.jasyncio.Future;

/** The connection's side of a request: its body as it arrives, and whether the client is still there. */
interface BodySource {
    /** The next piece of the body (the caller's to keep), or {@code null} at its end. Suspends for data. */
    byte[] read() throws IOException;

    /** The body's {@code Content-Length}, {@code -1} if chunked, {@code 0} if none. */
    long declaredLength();

    /** Whether the whole body was read. */
    boolean finished();

    /** Completed (with {@code null}) when the client closes the connection. */
    Future<Void> disconnected();

    /** The peer's address, e.g. {@code 127.0.0.1:51234}. */
    String peer();
}
