package org.jasyncio;

/**
 * Receives the errors nobody else could: a callback that threw, a task or future whose exception was
 * never retrieved, a server handler that failed (asyncio's {@code loop.set_exception_handler}).
 * Called on the loop thread while the loop runs.
 */
@FunctionalInterface
public interface ExceptionHandler {
    /** Handles one report. */
    void handle(EventLoop loop, ExceptionContext context);
}
