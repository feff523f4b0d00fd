package org.jasyncio.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.jasyncio.http.internal.HeadersAccess;
import org.jasyncio.http.internal.HttpChars;

/**
 * The header (or trailer) fields of an HTTP message: an ordered multi-map whose names compare
 * ASCII-case-insensitively and keep their original spelling for output.
 *
 * <pre>{@code
 * Headers h = Headers.of("Content-Type", "text/plain", "Connection", "keep-alive, Upgrade");
 * h.get("content-type");                   // "text/plain"
 * h.containsToken("Connection", "upgrade"); // true
 * }</pre>
 *
 * <p>Names must be RFC 9110 tokens and values valid field values (visible characters, obs-text, and
 * spaces or tabs between them: no control character, no CR or LF, no leading or trailing whitespace);
 * {@link #add} and {@link #set} throw {@link IllegalArgumentException} otherwise, so a header can never
 * inject a line into a message. Not thread-safe: one owner at a time.
 */
public final class Headers implements Iterable<Headers.Field> {
    static {
        HeadersAccess.install(new HeadersAccess() {
            @Override
            public void addValidated(Headers headers, String name, String value) {
                headers.append(name, value);
            }

            @Override
            public void clear(Headers headers) {
                headers.clearAll();
            }
        });
    }

    /**
     * One field line: its name as spelled and its value.
     *
     * @param name  the field name (a token)
     * @param value the field value (without surrounding whitespace)
     */
    public record Field(String name, String value) {}

    // Invariant: names[0..size) and values[0..size) hold the fields in arrival order; entries past
    // size are null.
    private String[] names;
    private String[] values;
    private int size;

    /** Empty headers. */
    public Headers() {
        names = NONE;
        values = NONE;
    }

    private static final String[] NONE = new String[0];
    /** Free slots a {@link #copy} has. */
    private static final int COPY_ROOM = 4;

    /**
     * Headers from alternating names and values.
     *
     * @throws IllegalArgumentException when the count is odd or a name or value is invalid
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "Headers.of() takes names and values in pairs, got " + namesAndValues.length + " strings");
        }
        Headers h = new Headers();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    /**
     * Appends a field (after any with the same name).
     *
     * @return this
     * @throws IllegalArgumentException when the name is not a token or the value is not a field value
     */
    public Headers add(String name, String value) {
        check(name, value);
        append(name, value);
        return this;
    }

    /**
     * Replaces every field named {@code name} by one field (at the place of the first, or at the end).
     *
     * @return this
     * @throws IllegalArgumentException when the name is not a token or the value is not a field value
     */
    public Headers set(String name, String value) {
        check(name, value);
        int first = indexOf(name, 0);
        if (first < 0) {
            append(name, value);
            return this;
        }
        names[first] = name;
        values[first] = value;
        removeFrom(name, first + 1);
        return this;
    }

    /**
     * Removes every field named {@code name}.
     *
     * @return whether any was removed
     */
    public boolean remove(String name) {
        int before = size;
        removeFrom(name, 0);
        return size != before;
    }

    /** The value of the first field named {@code name}, or null. */
    public String get(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : values[i];
    }

    /** The value of the first field named {@code name}, if any. */
    public Optional<String> first(String name) {
        return Optional.ofNullable(get(name));
    }

    /** The values of every field named {@code name}, in order (empty when there is none). */
    public List<String> getAll(String name) {
        int i = indexOf(name, 0);
        if (i < 0) {
            return List.of();
        }
        List<String> all = new ArrayList<>(2);
        for (; i >= 0; i = indexOf(name, i + 1)) {
            all.add(values[i]);
        }
        return Collections.unmodifiableList(all);
    }

    /** Whether a field named {@code name} is present. */
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /** How many fields named {@code name} are present. */
    public int count(String name) {
        int n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Whether the comma-separated lists of the fields named {@code name} contain {@code token}
     * (case-insensitively, whitespace around elements ignored), e.g.
     * {@code containsToken("Connection", "close")} for {@code Connection: keep-alive, Close}.
     */
    public boolean containsToken(String name, String token) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (listContains(values[i], token)) {
                return true;
            }
        }
        return false;
    }

    /** The number of fields. */
    public int size() {
        return size;
    }

    /** Whether there is no field. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The name of the {@code i}-th field (0-based, arrival order). */
    public String name(int i) {
        java.util.Objects.checkIndex(i, size);
        return names[i];
    }

    /** The value of the {@code i}-th field (0-based, arrival order). */
    public String value(int i) {
        java.util.Objects.checkIndex(i, size);
        return values[i];
    }

    /** An independent copy. */
    public Headers copy() {
        Headers h = new Headers();
        // room for a few more: a copy is usually made to add to it (a server adds Date, an id, ...)
        h.names = Arrays.copyOf(names, size + COPY_ROOM);
        h.values = Arrays.copyOf(values, size + COPY_ROOM);
        h.size = size;
        return h;
    }

    /** The distinct names, in order of first appearance, spelled as first seen. */
    public Set<String> names() {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> lower = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            if (lower.add(HttpChars.lower(names[i]))) {
                seen.add(names[i]);
            }
        }
        return Collections.unmodifiableSet(seen);
    }

    /** The fields in order. */
    @Override
    public Iterator<Field> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Field next() {
                if (next >= size) {
                    throw new NoSuchElementException("Headers iterator is past the last of " + size + " fields");
                }
                Field f = new Field(names[next], values[next]);
                next++;
                return f;
            }
        };
    }

    /** Equal when the same fields (names compared case-insensitively) come in the same order. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Headers other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!HttpChars.equalsIgnoreCase(names[i], other.names[i]) || !values[i].equals(other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int i = 0; i < size; i++) {
            h = 31 * h + HttpChars.lower(names[i]).hashCode();
            h = 31 * h + values[i].hashCode();
        }
        return h;
    }

    /** {@code Headers[Host: a, Accept: * /*]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append(": ").append(values[i]);
        }
        return sb.append(']').toString();
    }

    private static void check(String name, String value) {
        if (name == null || !HttpChars.isToken(name)) {
            throw new IllegalArgumentException("header name " + quote(name)
                    + " is not a token (RFC 9110 5.1: visible ASCII without delimiters, not empty)");
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has a null value");
        }
        int bad = HttpChars.invalidValueIndex(value);
        if (bad >= 0) {
            throw new IllegalArgumentException("header " + name + " has an invalid value " + quote(value)
                    + ": character " + bad + " (0x" + Integer.toHexString(value.charAt(bad))
                    + ") is not allowed (RFC 9110 5.5: no control characters, no CR/LF, no surrounding whitespace)");
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(s.length() > 80 ? "...\"" : "\"").toString();
    }

    private void append(String name, String value) {
        if (size == names.length) {
            int capacity = size == 0 ? 8 : size * 2;
            names = Arrays.copyOf(names, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    private void clearAll() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    private int indexOf(String name, int from) {
        for (int i = from; i < size; i++) {
            String n = names[i];
            if (n == name || HttpChars.equalsIgnoreCase(n, name)) {
                return i;
            }
        }
        return -1;
    }

    private void removeFrom(String name, int from) {
        int w = from;
        for (int r = from; r < size; r++) {
            if (!HttpChars.equalsIgnoreCase(names[r], name)) {
                names[w] = names[r];
                values[w] = values[r];
                w++;
            }
        }
        Arrays.fill(names, w, size, null);
        Arrays.fill(values, w, size, null);
        size = w;
    }

    private static boolean listContains(String list, String token) {
        int n = list.length();
        int i = 0;
        while (i < n) {
            int end = list.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int s = i;
            int e = end;
            while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e - s == token.length() && list.regionMatches(true, s, token, 0, e - s)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
