package org.jasyncio.http.server;

/**
 * A request handler: a coroutine (it may suspend: await, sleep, read the body) that answers a request.
 * What it returns becomes the response: a {@link Response} as is, a {@code String} as
 * {@code text/plain}, a {@code byte[]} as {@code application/octet-stream}, {@code null} as
 * {@code 204 No Content}, anything else as JSON through the app's {@link org.jasyncio.http.json.JsonCodec}.
 * Throwing an {@link HttpError} answers its status; any other exception answers 500 and is reported
 * to the loop's exception handler.
 */
@FunctionalInterface
public interface Handler {
    /** Answers {@code request}. */
    Object handle(Request request) throws Exception;
}
