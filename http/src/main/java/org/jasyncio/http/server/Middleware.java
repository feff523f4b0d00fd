package org.jasyncio.http.server;

/**
 * Code around every handler of an app (aiohttp's {@code @web.middleware}, FastAPI's
 * {@code @app.middleware("http")}): it gets the request and the rest of the chain, and returns the
 * response, usually {@code next.handle(request)}'s, possibly changed.
 *
 * <pre>{@code
 * app.middleware((request, next) -> {
 *     double start = Asyncio.getRunningLoop().time();
 *     Response response = next.handle(request);
 *     return response.header("X-Process-Time", String.valueOf(Asyncio.getRunningLoop().time() - start));
 * });
 * }</pre>
 *
 * Middlewares run in the order added, the first outermost. An {@link HttpError} thrown inside
 * (also the router's 404 and 405) passes through them as an exception, so a middleware can catch it.
 */
@FunctionalInterface
public interface Middleware {
    /** Handles {@code request}, calling {@code next} to go on down the chain (or not, to answer itself). */
    Response handle(Request request, Next next) throws Exception;

    /** The rest of the chain: the next middlewares, then the handler, its result made a {@link Response}. */
    @FunctionalInterface
    interface Next {
        /** Runs the rest of the chain. */
        Response handle(Request request) throws Exception;
    }
}
