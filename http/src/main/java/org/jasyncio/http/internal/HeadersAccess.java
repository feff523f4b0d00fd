package org.jasyncio.http.internal;

import org.jasyncio.http.Headers;

/**
 * A back door for the codec and the server: adds a field the parser has already validated byte by byte
 * (or a constant known to be valid), without checking it a second time, and empties a {@code Headers}
 * that the server reuses from one response to the next. {@code Headers} installs the only instance when
 * it is initialized.
 */
public interface HeadersAccess {
    /** Appends a field whose name is a token and whose value is a valid field value. */
    void addValidated(Headers headers, String name, String value);

    /** Removes every field of {@code headers}, keeping its arrays for the next use. */
    void clear(Headers headers);

    /** The installed instance (initializes {@code Headers} first). */
    static HeadersAccess get() {
        HeadersAccess access = Holder.instance;
        if (access == null) {
            new Headers(); // runs Headers' static initializer, which calls install()
            access = Holder.instance;
        }
        return access;
    }

    /** Called once by {@code Headers}' static initializer. */
    static void install(HeadersAccess access) {
        Holder.instance = access;
    }

    /** The installed instance. */
    final class Holder {
        private Holder() {}

        private static volatile HeadersAccess instance;
    }
}
