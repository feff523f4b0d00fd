package org.jasyncio.http.json;

import java.lang.reflect.Type;

/**
 * Turns Java values into JSON bytes and back: the one seam between jasyncio's HTTP code and a JSON
 * library, so that another library can be plugged in (the default, {@link #jackson()}, is Jackson 3).
 *
 * <pre>{@code
 * JsonCodec json = JsonCodec.jackson();
 * byte[] bytes = json.encode(new Item("pen", 2));        // {"name":"pen","count":2}
 * Item item = json.decode(bytes, Item.class);
 * List<Item> items = json.decode(bytes, new TypeRef<List<Item>>() {}.type());
 * }</pre>
 *
 * <p>What an implementation must handle: records (by their components), generic types given as a
 * {@link Type}, {@code Optional} (empty is {@code null} in JSON), {@code java.time} types as ISO-8601
 * strings, {@code Map}/{@code List}/boxed primitives/{@code String}. Implementations are thread-safe.
 */
public interface JsonCodec {
    /**
     * The JSON text of {@code value}, UTF-8 encoded.
     *
     * @throws JsonException if the value cannot be written (e.g. a type the library cannot serialize)
     */
    byte[] encode(Object value);

    /**
     * Reads {@code json} (UTF-8) as a value of {@code type}.
     *
     * @throws JsonException if the text is not JSON, or does not fit {@code type}; its
     *     {@link JsonException#path()} says where
     */
    <T> T decode(byte[] json, Type type);

    /** {@link #decode(byte[], Type)} for a plain class. */
    default <T> T decode(byte[] json, Class<T> type) {
        return decode(json, (Type) type);
    }

    /**
     * Converts a value made of {@code Map}, {@code List}, {@code String}, numbers, booleans and
     * {@code null} (what {@code decode(json, Object.class)} returns) to {@code type}, as decoding its
     * JSON text would.
     *
     * @throws JsonException if it does not fit {@code type}
     */
    <T> T convert(Object tree, Type type);

    /** The Jackson 3 codec with jasyncio's defaults (see {@link JacksonJsonCodec}). */
    static JsonCodec jackson() {
        return JacksonJsonCodec.DEFAULT;
    }
}
