package org.jasyncio.http.codec;

/**
 * How a message's body is delimited on the wire (RFC 9112 section 6.3).
 *
 * <ul>
 *   <li>{@link None}: no body at all (a request without Content-Length or Transfer-Encoding; a response
 *       to HEAD; 1xx, 204, 304).</li>
 *   <li>{@link Length}: exactly {@code n} bytes (Content-Length).</li>
 *   <li>{@link Chunked}: the chunked transfer coding, possibly with trailer fields.</li>
 *   <li>{@link UntilClose}: a response body that ends when the server closes the connection.</li>
 * </ul>
 */
public sealed interface BodyFraming {

    /** No body. */
    BodyFraming NONE = new None();

    /** Chunked transfer coding. */
    BodyFraming CHUNKED = new Chunked();

    /** Read until the connection closes (responses only). */
    BodyFraming UNTIL_CLOSE = new UntilClose();

    /** The framing of a {@code n}-byte body. */
    static BodyFraming length(long n) {
        return new Length(n);
    }

    /** The message has no body. */
    record None() implements BodyFraming {}

    /**
     * A body of exactly {@code n} bytes, announced by Content-Length.
     *
     * @param n the body's size, {@code >= 0}
     */
    record Length(long n) implements BodyFraming {
        /** Checks {@code n >= 0}. */
        public Length {
            if (n < 0) {
                throw new IllegalArgumentException("BodyFraming.Length needs n >= 0, got " + n);
            }
        }
    }

    /** The chunked transfer coding (HTTP/1.1 only). */
    record Chunked() implements BodyFraming {}

    /** A response body delimited by the connection's close; the connection cannot be kept alive. */
    record UntilClose() implements BodyFraming {}
}
