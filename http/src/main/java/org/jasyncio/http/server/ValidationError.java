package org.jasyncio.http.server;

import java.util.List;
import java.util.Objects;

/**
 * One thing wrong with a request's input, FastAPI's shape: where ({@code loc}: the source, then the
 * name or path, e.g. {@code ["query", "limit"]} or {@code ["body", "items", 2, "price"]}), what
 * ({@code msg}), and a machine-readable kind ({@code type}: {@code "missing"}, {@code "type_error"},
 * {@code "value_error"}, {@code "json_invalid"}).
 *
 * @param loc the location: the source ({@code "path"}, {@code "query"}, {@code "header"}, {@code "body"})
 *     then property names and array indices
 * @param msg what is wrong, for a human
 * @param type the kind of error
 */
public record ValidationError(List<Object> loc, String msg, String type) {
    public ValidationError {
        loc = List.copyOf(loc);
        Objects.requireNonNull(msg, "msg");
        Objects.requireNonNull(type, "type");
    }
}
