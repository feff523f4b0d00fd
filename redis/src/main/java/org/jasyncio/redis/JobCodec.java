package org.jasyncio.redis;

import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;

/**
 * How a {@link StreamQueue} turns payloads and results into the text it stores in Redis, and back.
 * Text, because a stream entry's fields are read as UTF-8 strings and JSON, the usual payload, is
 * text; {@link #bytes()} carries binary payloads in Base64.
 *
 * <p>This is the seam for a JSON codec (the http module's, when it lands):
 * {@code JobCodec.of(json::write, s -> json.read(s, Order.class))}.
 *
 * @param <T> the payload or result type
 */
public interface JobCodec<T> {
    /** {@code value} as text; {@code null} stays {@code null}. */
    String encode(T value) throws Exception;

    /** The value {@code text} encodes. */
    T decode(String text) throws Exception;

    /** Strings as they are. */
    static JobCodec<String> string() {
        return of(s -> s, s -> s);
    }

    /** Byte arrays in Base64. */
    static JobCodec<byte[]> bytes() {
        return of(
                b -> Base64.getEncoder().encodeToString(b),
                s -> Base64.getDecoder().decode(s));
    }

    /** A codec of two functions. */
    static <T> JobCodec<T> of(Function<? super T, String> encode, Function<String, ? extends T> decode) {
        Objects.requireNonNull(encode, "encode");
        Objects.requireNonNull(decode, "decode");
        return new JobCodec<>() {
            @Override
            public String encode(T value) {
                return value == null ? null : encode.apply(value);
            }

            @Override
            public T decode(String text) {
                return text == null ? null : decode.apply(text);
            }
        };
    }
}
