package org.jasyncio.http.server;

/**
 * Setup and teardown as one piece (aiohttp's {@code cleanup_ctx}): {@link #enter} runs at startup and
 * returns what undoes it, run at cleanup, in reverse order of entering. Only the contexts whose
 * {@code enter} succeeded are closed, so a failed startup never tears down what was never set up.
 *
 * <pre>{@code
 * app.cleanupContext(a -> {
 *     Database db = Database.connect(url);     // may suspend
 *     a.set(DB, db);
 *     return db::close;                         // runs at cleanup
 * });
 * }</pre>
 */
@FunctionalInterface
public interface CleanupContext {
    /** Sets up; returns the teardown. */
    AutoCloseable enter(App app) throws Exception;
}
