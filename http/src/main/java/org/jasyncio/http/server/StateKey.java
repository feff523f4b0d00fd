package org.jasyncio.http.server;

import java.util.Objects;

/**
 * A typed key for the shared state of an {@link App} ({@code app.set(DB, db)}, {@code
 * request.app().get(DB)}) and for per-request values set by middlewares ({@code request.set(USER,
 * user)}): aiohttp's {@code web.AppKey}, so that a lookup needs no cast and a typo is a compile error.
 *
 * <pre>{@code
 * static final StateKey<Database> DB = StateKey.of("db", Database.class);
 * }</pre>
 *
 * @param <T> the type of the value
 * @param name a name for messages
 * @param type the value's class
 */
public record StateKey<T>(String name, Class<T> type) {
    public StateKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A key named {@code name} for values of {@code type}. Keys are compared by identity of name and type. */
    public static <T> StateKey<T> of(String name, Class<T> type) {
        return new StateKey<>(name, type);
    }

    @Override
    public String toString() {
        return "StateKey[" + name + ": " + type.getSimpleName() + "]";
    }
}
