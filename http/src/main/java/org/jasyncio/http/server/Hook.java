package org.jasyncio.http.server;

/**
 * A lifecycle hook of an {@link App} (aiohttp's {@code on_startup}, {@code on_shutdown},
 * {@code on_cleanup} signals): a coroutine run in the server's task with the app.
 */
@FunctionalInterface
public interface Hook {
    /** Runs the hook. */
    void run(App app) throws Exception;
}
