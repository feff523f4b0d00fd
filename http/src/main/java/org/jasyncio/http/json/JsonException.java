package org.jasyncio.http.json;

import java.util.List;

/**
 * JSON that could not be written or read: not JSON at all, or JSON that does not fit the type asked
 * for. {@link #path()} locates the offending value (property names and array indices from the root),
 * so that a server can answer "body.items.2.price: not a number" instead of a stack trace.
 */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Object> path;
    private final boolean malformed;

    /**
     * @param message what is wrong, for a human, without the location
     * @param path where: {@code String} property names and {@code Integer} indices; empty for the root
     * @param malformed whether the text is not JSON at all (rather than JSON of the wrong shape)
     * @param cause the library's exception, or {@code null}
     */
    public JsonException(String message, List<Object> path, boolean malformed, Throwable cause) {
        super(message, cause);
        this.path = List.copyOf(path);
        this.malformed = malformed;
    }

    /** Whether the text was not JSON at all (a syntax error), rather than JSON that does not fit the type. */
    public boolean malformed() {
        return malformed;
    }

    /** Property names ({@code String}) and array indices ({@code Integer}) from the root to the bad value. */
    public List<Object> path() {
        return path;
    }
}
