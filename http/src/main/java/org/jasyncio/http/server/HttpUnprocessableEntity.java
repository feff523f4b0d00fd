package org.jasyncio.http.server;

import java.util.List;
import java.util.Map;

/**
 * 422 Unprocessable Content: the request is well-formed HTTP but its parameters or body do not fit
 * what the endpoint declares. The answer is JSON in FastAPI's shape, listing every problem found:
 * <pre>{@code {"detail": [{"loc": ["query", "limit"], "msg": "expected int: \"ten\"", "type": "type_error"}]}}</pre>
 * Typed endpoints throw it themselves; a handler may throw it with its own list.
 */
public final class HttpUnprocessableEntity extends HttpError {
    private static final long serialVersionUID = 1L;

    private final transient List<ValidationError> errors;

    /** The list of problems (at least one). */
    public HttpUnprocessableEntity(List<ValidationError> errors) {
        super(422, summary(errors));
        this.errors = List.copyOf(errors);
    }

    private static String summary(List<ValidationError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("HttpUnprocessableEntity needs at least one ValidationError");
        }
        ValidationError first = errors.getFirst();
        return "invalid input: " + first.loc() + " " + first.msg()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }

    /** What was wrong. */
    public List<ValidationError> errors() {
        return errors;
    }

    @Override
    Response toResponse(App app) {
        Response r = Response.json(Map.of("detail", errors), app.json()).status(422);
        for (var f : headers()) {
            r.headers().add(f.name(), f.value());
        }
        return r;
    }
}
