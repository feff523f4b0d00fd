package org.jasyncio.redis.resp;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One RESP3 value, as it travels on the wire: the type byte decides the record. RESP2's five types
 * (simple string, error, integer, bulk string, array) are a subset; RESP2's null bulk string
 * ({@code $-1}) and null array ({@code *-1}) decode to {@link Null} like RESP3's {@code _}.
 *
 * <p>Records rather than plain Java objects so that a decoder test can check the exact type the
 * server sent (a simple string {@code +OK} is not a bulk string {@code $2 OK}), and so that an
 * encoded value gives back the same bytes. The client turns values into plain Java objects.
 */
public sealed interface RespValue {
    /** {@code +text}: a short string without CR or LF. */
    record SimpleString(String value) implements RespValue {
        /** Checks the value has no CR or LF. */
        public SimpleString {
            requireLine(value, "simple string");
        }
    }

    /**
     * {@code -CODE message} (simple error) or {@code !len} (bulk error): a server error. {@link #code()}
     * is the first word by convention ({@code ERR}, {@code WRONGTYPE}, {@code NOGROUP}, ...).
     */
    record Error(String message, boolean bulk) implements RespValue {
        /** Checks the message (a simple error has no CR or LF). */
        public Error {
            Objects.requireNonNull(message, "message");
            if (!bulk) {
                requireLine(message, "simple error");
            }
        }

        /** The error's code: its first word, e.g. {@code WRONGTYPE}. */
        public String code() {
            int sp = message.indexOf(' ');
            return sp < 0 ? message : message.substring(0, sp);
        }
    }

    /** {@code :n}: a signed 64-bit integer. */
    record Integer(long value) implements RespValue {}

    /** {@code $len}: a binary-safe string. */
    record BulkString(byte[] value) implements RespValue {
        /** Keeps the array (not copied). */
        public BulkString {
            Objects.requireNonNull(value, "value");
        }

        /** A bulk string of {@code s} in UTF-8. */
        public static BulkString of(String s) {
            return new BulkString(s.getBytes(StandardCharsets.UTF_8));
        }

        /** The bytes as UTF-8 text. */
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BulkString b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BulkString[" + text() + "]";
        }
    }

    /** {@code *n}: an ordered list. */
    record Array(List<RespValue> elements) implements RespValue {
        /** Copies the list. */
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /** {@code _}, and RESP2's {@code $-1} / {@code *-1}. */
    record Null() implements RespValue {}

    /** {@code #t} / {@code #f}. */
    record Boolean(boolean value) implements RespValue {}

    /** {@code ,1.23}, {@code ,inf}, {@code ,-inf}, {@code ,nan}. */
    record Double(double value) implements RespValue {}

    /** {@code (3492890328409238509324850943850943825024385}: an integer of any size. */
    record BigNumber(BigInteger value) implements RespValue {
        /** Checks non-null. */
        public BigNumber {
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code =15 txt:Some string}: a string with a three-letter format ({@code txt}, {@code mkd}). */
    record Verbatim(String format, String text) implements RespValue {
        /** Checks the format is three characters. */
        public Verbatim {
            if (format.length() != 3) {
                throw new IllegalArgumentException("verbatim string format must be 3 characters, got '" + format + "'");
            }
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code %n}: key-value pairs in the server's order. */
    record Map(java.util.Map<RespValue, RespValue> entries) implements RespValue {
        /** Keeps the map (the decoder gives a {@link java.util.LinkedHashMap}). */
        public Map {
            Objects.requireNonNull(entries, "entries");
        }
    }

    /** {@code ~n}: an unordered collection, kept in the server's order. */
    record Set(List<RespValue> elements) implements RespValue {
        /** Copies the list. */
        public Set {
            elements = List.copyOf(elements);
        }
    }

    /**
     * {@code |n}: attributes (auxiliary key-value data) that precede a reply. The decoder attaches
     * them to the value that follows as this wrapper.
     */
    record Attributed(java.util.Map<RespValue, RespValue> attributes, RespValue value) implements RespValue {
        /** Checks non-null. */
        public Attributed {
            Objects.requireNonNull(attributes, "attributes");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code >n}: out-of-band data (pub/sub messages, invalidations), not a reply to a command. */
    record Push(List<RespValue> elements) implements RespValue {
        /** Copies the list. */
        public Push {
            elements = List.copyOf(elements);
        }

        /** The kind: the first element's text ({@code message}, {@code subscribe}, ...). */
        public String kind() {
            if (elements.isEmpty()) {
                return "";
            }
            return switch (elements.get(0)) {
                case BulkString b -> b.text();
                case SimpleString t -> t.value();
                default -> "";
            };
        }
    }

    private static void requireLine(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a RESP " + what + " cannot hold CR or LF: " + s);
        }
    }

    /** An unmodifiable, ordered map of {@code key, value, key, value, ...}: for building {@link Map}s. */
    static java.util.Map<RespValue, RespValue> mapOf(RespValue... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("mapOf needs key-value pairs, got " + kv.length + " values");
        }
        var m = new java.util.LinkedHashMap<RespValue, RespValue>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
