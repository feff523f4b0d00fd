package org.jasyncio.http.server;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A request body read as it arrives ({@link Request#content()}; aiohttp's {@code request.content}):
 * pieces of any size, pulled from the connection only when asked for, so a slow consumer slows the
 * client down (the connection stops reading the socket) instead of filling the heap. No size limit
 * applies: the route's limit is for the buffered reads ({@link Request#bytes()} and the like).
 *
 * <pre>{@code
 * try (var out = Files.newOutputStream(target)) {
 *     for (byte[] piece : request.content()) {
 *         out.write(piece);
 *     }
 * }
 * }</pre>
 *
 * Loop thread only (the request's task). Iterating is {@link #read()} until {@code null}; a client that
 * disconnects mid-body makes it throw {@link org.jasyncio.net.ConnectionResetError} (unchecked inside
 * the iterator: an {@link java.io.UncheckedIOException}).
 */
public final class RequestContent implements Iterable<byte[]> {
    private final BodySource source;
    private long received;

    RequestContent(BodySource source) {
        this.source = source;
    }

    /** The next piece of the body, or {@code null} once it is all read. Suspends until data comes. */
    public byte[] read() throws IOException {
        byte[] piece = source.read();
        if (piece != null) {
            received += piece.length;
        }
        return piece;
    }

    /** Whether the whole body was read. */
    public boolean atEof() {
        return source.finished();
    }

    /** Bytes read so far through this stream. */
    public long received() {
        return received;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private byte[] next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = read();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("RequestContent " + this + " is at its end");
                }
                byte[] out = next;
                next = null;
                return out;
            }
        };
    }

    @Override
    public String toString() {
        return "<RequestContent received=" + received + (source.finished() ? " eof" : "") + ">";
    }
}
