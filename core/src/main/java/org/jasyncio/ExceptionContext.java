package org.jasyncio;

import java.util.Map;

/**
 * What an exception report is about (asyncio's exception-handler context dict): a message, and where
 * known the exception, the future or task, and the handle whose callback failed.
 *
 * @param message what happened, for a human
 * @param exception the exception, or {@code null}
 * @param future the future or task concerned, or {@code null}
 * @param handle the handle whose callback failed, or {@code null}
 * @param extra anything else worth reporting (e.g. {@code "source_traceback"}); never {@code null}
 */
public record ExceptionContext(
        String message, Throwable exception, Future<?> future, Handle handle, Map<String, Object> extra) {
    /** A context with a message and an exception only. */
    public ExceptionContext(String message, Throwable exception) {
        this(message, exception, null, null, Map.of());
    }

    public ExceptionContext {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The task concerned, if the future is one. */
    public Task<?> task() {
        return future instanceof Task<?> t ? t : null;
    }
}
