package org.jasyncio.http.server;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.ExceptionContext;
import org.jasyncio.Task;
import org.jasyncio.Timeout;
import org.jasyncio.TimeoutError;
import org.jasyncio.http.codec.HttpParseException;
import org.jasyncio.http.websocket.WebSocket;

/**
 * The request path from a parsed request to a {@link Response}: route lookup, the route's middleware
 * chain, the handler, its result made a response, and errors made answers. This is the whole list, in
 * order (OkHttp's interceptor chain precedent): nothing else touches a request between the connection
 * and the handler.
 *
 * <p>Error policy: an {@link HttpError} (the router's 404/405 included) is its own answer; a handler
 * timeout is 503; any other exception is a bug, reported to the loop's exception handler (the log)
 * with the request, and answered 500 with a body that says nothing of it. A broken request body
 * ({@link HttpParseException} while the handler reads it) propagates: the connection answers it and
 * closes. Cancellation propagates, always.
 */
final class Dispatcher {
    private static final System.Logger LOG = System.getLogger("org.jasyncio.http.server");

    private final App app;
    private final Router router;

    Dispatcher(App app, Router router) {
        this.app = app;
        this.router = router;
    }

    Router router() {
        return router;
    }

    /** Answers {@code request}; throws only {@link CancelledError} and {@link HttpParseException}. */
    Response dispatch(Request request) {
        Duration timeout = app.options().handlerTimeout();
        Router.Match match;
        Middleware.Next chain;
        try {
            match = router.resolve(request.method(), request.rawPath());
            request.bind(match.entry().route(), match.params());
            if (match.entry().route().timeout() != null) {
                timeout = match.entry().route().timeout();
            }
            chain = chain(match.entry().middlewares(), match.entry().route().handler());
        } catch (HttpError notRouted) {
            // 404/405 go through the root app's middlewares, as in aiohttp
            chain = chain(app.middlewares(), r -> {
                throw notRouted;
            });
        }
        try {
            if (timeout == null) {
                return chain.handle(request);
            }
            try (Timeout t = Asyncio.timeout(timeout)) {
                request.handlerTimeout(t);
                return chain.handle(request);
            } catch (TimeoutError e) {
                String limit = HttpConnection.seconds(timeout);
                LOG.log(Level.WARNING, () -> "handler of " + request + " timed out after " + limit + "; answered 503");
                return new HttpServiceUnavailable("the handler took longer than " + limit).toResponse(app);
            }
        } catch (HttpError e) {
            return e.toResponse(app);
        } catch (CancelledError | HttpParseException e) {
            throw e;
        } catch (Exception | StackOverflowError | AssertionError e) {
            Task<?> task = Asyncio.currentTask();
            task.getLoop()
                    .callExceptionHandler(new ExceptionContext(
                            "Error handling request " + request.method() + " " + request.target() + " (request id "
                                    + request.id() + ", client " + request.remote() + ")",
                            e,
                            task,
                            null,
                            Map.of("request", request)));
            return Response.text("500 Internal Server Error\n\nThe server failed to answer this request (request id "
                            + request.id() + ").\n")
                    .status(500);
        }
    }

    private Middleware.Next chain(List<Middleware> middlewares, Handler handler) {
        Middleware.Next next = request -> toResponse(handler.handle(request));
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            Middleware m = middlewares.get(i);
            Middleware.Next inner = next;
            next = request -> {
                Response r = m.handle(request, inner);
                if (r == null) {
                    throw new IllegalStateException("middleware " + m + " returned null: it must return a Response"
                            + " (usually next.handle(request)'s)");
                }
                return r;
            };
        }
        return next;
    }

    /** A handler's result as a response (see {@link Handler}). */
    Response toResponse(Object result) {
        return switch (result) {
            case null -> Response.empty(204);
            case Response r -> r;
            case String s -> Response.text(s);
            case byte[] b -> Response.bytes(b, "application/octet-stream");
            // aiohttp's `return ws`: the 101 went out at the handshake and nothing more is sent; a
            // 1xx status keeps middlewares (Compression) from treating the WebSocket as a body
            case WebSocket ws -> Response.empty(101);
            default -> Response.json(result);
        };
    }
}
