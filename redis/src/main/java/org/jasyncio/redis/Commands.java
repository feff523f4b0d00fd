package org.jasyncio.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jasyncio.redis.resp.RespValue;

/** Argument encoding and reply shapes shared by the client, pipelines and the queue. */
final class Commands {
    private Commands() {}

    /** Arguments (String, byte[], numbers) as the bulk strings of a command. */
    static List<byte[]> encode(Object... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a Redis command needs at least its name, got no arguments");
        }
        List<byte[]> out = new ArrayList<>(args.length);
        for (Object a : args) {
            out.add(
                    switch (a) {
                        case null ->
                            throw new IllegalArgumentException(
                                    "a Redis command argument is null in " + Arrays.toString(args));
                        case byte[] b -> b;
                        case String s -> s.getBytes(StandardCharsets.UTF_8);
                        case Integer i -> Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
                        case Long l -> Long.toString(l).getBytes(StandardCharsets.US_ASCII);
                        case Double d -> Double.toString(d).getBytes(StandardCharsets.US_ASCII);
                        default ->
                            throw new IllegalArgumentException("a Redis command argument must be a String, byte[] or"
                                    + " number, got " + a.getClass().getName() + " in " + Arrays.toString(args));
                    });
        }
        return out;
    }

    static Object[] concat(String name, String... rest) {
        Object[] a = new Object[rest.length + 1];
        a[0] = name;
        System.arraycopy(rest, 0, a, 1, rest.length);
        return a;
    }

    static Object[] concat(String name, String key, String... rest) {
        Object[] a = new Object[rest.length + 2];
        a[0] = name;
        a[1] = key;
        System.arraycopy(rest, 0, a, 2, rest.length);
        return a;
    }

    /** A blocking command's timeout in seconds, as Redis 6+ accepts it (decimals allowed). */
    static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis()).movePointLeft(3).toPlainString();
    }

    static List<Object> xadd(String key, String id, Map<String, String> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("XADD needs at least one field, got none for stream " + key);
        }
        List<Object> a = new ArrayList<>(List.of("XADD", key, id));
        fields.forEach((f, v) -> {
            a.add(f);
            a.add(v);
        });
        return a;
    }

    /** A list of stream entries: [[id, [f, v, ...]], ...]; entries deleted meanwhile come as null fields. */
    static List<StreamEntry> entries(RespValue v) {
        List<StreamEntry> out = new ArrayList<>();
        for (RespValue e : Replies.elements(v)) {
            List<RespValue> pair = Replies.elements(e);
            if (pair.isEmpty()) {
                continue;
            }
            out.add(new StreamEntry(
                    Replies.text(pair.get(0)),
                    pair.get(1) instanceof RespValue.Null ? Map.of() : Replies.stringMap(pair.get(1))));
        }
        return out;
    }
}
