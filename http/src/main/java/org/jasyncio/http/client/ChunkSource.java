package org.jasyncio.http.client;

import java.io.IOException;

/** A body as a sequence of byte arrays; may suspend. */
interface ChunkSource {
    /** The next non-empty chunk, or {@code null} at the end of the body. */
    byte[] next() throws IOException;
}
