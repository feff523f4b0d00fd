package org.jasyncio.http.codec;

import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;

/**
 * What an {@link HttpParser} gives, h11 style. One message is a {@link Head} ({@link RequestHead} or
 * {@link ResponseHead}), zero or more {@link Data}, then one {@link EndOfMessage}; {@link NeedData}
 * asks for more bytes, {@link ConnectionClosed} says the peer closed cleanly between messages.
 *
 * <pre>{@code
 * switch (parser.next()) {
 *     case RequestHead head -> ...
 *     case HttpEvent.Data data -> ...
 *     case HttpEvent.EndOfMessage end -> ...
 *     case HttpEvent.NeedData need -> ...      // read more and feed()
 *     case HttpEvent.ConnectionClosed closed -> ...
 *     case ResponseHead head -> ...            // only from a response parser
 * }
 * }</pre>
 */
public sealed interface HttpEvent
        permits HttpEvent.Head, HttpEvent.Data, HttpEvent.EndOfMessage, HttpEvent.NeedData, HttpEvent.ConnectionClosed {

    /** The head of a message: a {@link RequestHead} or a {@link ResponseHead}. */
    sealed interface Head extends HttpEvent permits RequestHead, ResponseHead {
        /** The message's HTTP version. */
        HttpVersion version();

        /** The header fields. */
        Headers headers();
    }

    /**
     * A slice of a body. The array may be the one given to {@link HttpParser#feed}, or the parser's own
     * buffer: it is valid only until the next {@code feed}; copy what must outlive it.
     *
     * @param array  the bytes
     * @param offset where the slice starts
     * @param length how many bytes
     */
    record Data(byte[] array, int offset, int length) implements HttpEvent {
        /** A copy of the slice. */
        public byte[] toByteArray() {
            return java.util.Arrays.copyOfRange(array, offset, offset + length);
        }

        @Override
        public String toString() {
            return "Data[length=" + length + "]";
        }
    }

    /**
     * The end of a message's body.
     *
     * @param trailers the trailer fields of a chunked body (empty otherwise)
     */
    record EndOfMessage(Headers trailers) implements HttpEvent {}

    /** The parser has used every byte fed: {@link HttpParser#feed} more (or {@link HttpParser#feedEof}). */
    final class NeedData implements HttpEvent {
        /** The only instance. */
        public static final NeedData INSTANCE = new NeedData();

        private NeedData() {}

        @Override
        public String toString() {
            return "NeedData";
        }
    }

    /** The peer closed the connection between messages; nothing follows. */
    final class ConnectionClosed implements HttpEvent {
        /** The only instance. */
        public static final ConnectionClosed INSTANCE = new ConnectionClosed();

        private ConnectionClosed() {}

        @Override
        public String toString() {
            return "ConnectionClosed";
        }
    }
}
