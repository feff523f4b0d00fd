package org.jasyncio.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jasyncio.redis.resp.RespValue;

/**
 * RESP values to plain Java objects, the same on RESP3 and RESP2 (where a map comes as a flat array
 * and a double as a bulk string). Server errors become {@link RedisError}s.
 */
final class Replies {
    private Replies() {}

    /**
     * String for simple, bulk and verbatim strings (UTF-8), Long, Double, Boolean, BigInteger,
     * {@code null}, List for arrays, sets and pushes, LinkedHashMap for maps; an error reply
     * (nested ones too) as a {@link RedisError} object, not thrown.
     */
    static Object toJava(RespValue v) {
        return switch (v) {
            case RespValue.SimpleString s -> s.value();
            case RespValue.BulkString b -> b.text();
            case RespValue.Verbatim t -> t.text();
            case RespValue.Integer i -> i.value();
            case RespValue.Double d -> d.value();
            case RespValue.Boolean b -> b.value();
            case RespValue.BigNumber n -> n.value();
            case RespValue.Null n -> null;
            case RespValue.Error e -> new RedisError(e.message());
            case RespValue.Array a -> list(a.elements());
            case RespValue.Set s -> list(s.elements());
            case RespValue.Push p -> list(p.elements());
            case RespValue.Attributed a -> toJava(a.value());
            case RespValue.Map m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.entries().forEach((k, x) -> out.put(toJava(k), toJava(x)));
                yield out;
            }
        };
    }

    private static List<Object> list(List<RespValue> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (RespValue x : items) {
            out.add(toJava(x));
        }
        return out;
    }

    /** Throws the error a reply carries. */
    static RespValue check(RespValue v) throws RedisError {
        if (v instanceof RespValue.Error e) {
            throw new RedisError(e.message());
        }
        return v;
    }

    /** A string reply, or {@code null}. */
    static String text(RespValue v) {
        return switch (v) {
            case RespValue.SimpleString s -> s.value();
            case RespValue.BulkString b -> b.text();
            case RespValue.Verbatim t -> t.text();
            case RespValue.Integer i -> Long.toString(i.value());
            case RespValue.Double d -> Double.toString(d.value());
            case RespValue.Null n -> null;
            default -> throw unexpected("a string", v);
        };
    }

    /** A bulk string's bytes, or {@code null}. */
    static byte[] bytes(RespValue v) {
        return switch (v) {
            case RespValue.BulkString b -> b.value();
            case RespValue.SimpleString s -> s.value().getBytes(StandardCharsets.UTF_8);
            case RespValue.Null n -> null;
            default -> throw unexpected("a bulk string", v);
        };
    }

    /** An integer reply. */
    static long integer(RespValue v) {
        return switch (v) {
            case RespValue.Integer i -> i.value();
            case RespValue.BulkString b -> Long.parseLong(b.text());
            case RespValue.SimpleString s -> Long.parseLong(s.value());
            default -> throw unexpected("an integer", v);
        };
    }

    /** The elements of an array, set or push; an empty list for null. */
    static List<RespValue> elements(RespValue v) {
        return switch (v) {
            case RespValue.Array a -> a.elements();
            case RespValue.Set s -> s.elements();
            case RespValue.Push p -> p.elements();
            case RespValue.Null n -> List.of();
            default -> throw unexpected("an array", v);
        };
    }

    /** A map reply, or a RESP2 flat array of key, value, key, value... */
    static Map<RespValue, RespValue> map(RespValue v) {
        if (v instanceof RespValue.Map m) {
            return m.entries();
        }
        List<RespValue> flat = elements(v);
        Map<RespValue, RespValue> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(flat.get(i), flat.get(i + 1));
        }
        return out;
    }

    /** A map of strings (HGETALL, stream entry fields). */
    static Map<String, String> stringMap(RespValue v) {
        Map<String, String> out = new LinkedHashMap<>();
        map(v).forEach((k, x) -> out.put(text(k), text(x)));
        return out;
    }

    static IllegalStateException unexpected(String what, RespValue v) {
        return new IllegalStateException("Redis replied " + v + " where " + what + " was expected");
    }
}
