package org.jasyncio.http.server;

import java.time.Duration;
import java.util.Objects;
import org.jasyncio.http.codec.HttpLimits;
import org.jasyncio.net.TlsOptions;

/**
 * How an {@link App} serves: limits, timeouts and policies, with defaults that suit a service on the
 * open internet. Immutable; change with the {@code withX} methods:
 * <pre>{@code
 * app.options(ServerOptions.defaults().withHandlerTimeout(Duration.ofSeconds(30)));
 * }</pre>
 *
 * @param limits the wire limits of the parser (request line 8 KiB, header block 16 KiB, 100 fields)
 * @param maxBodySize the body limit of the whole-body reads, in bytes, unless a route sets its own;
 *     {@code -1}: none. Default 1 MiB (aiohttp's {@code client_max_size}); a longer body answers 413.
 * @param headerTimeout how long a client may take to send a request's head once it started (or,
 *     on a new connection, once connected): a slow client (slowloris) gets 408 and is closed. Default 20 s.
 * @param keepAliveTimeout how long an idle keep-alive connection stays open between requests
 *     (aiohttp's {@code keepalive_timeout}, default 75 s)
 * @param handlerTimeout the default time limit of every handler, or {@code null} for none (the
 *     default; a route may set its own): past it, the handler is cancelled and the answer is 503
 * @param shutdownGrace how long a graceful shutdown waits for running handlers before cancelling
 *     them (aiohttp's {@code shutdown_timeout}, default 60 s)
 * @param cancelOnDisconnect whether a handler is cancelled when its client disconnects (aiohttp's
 *     {@code handler_cancellation}). Default {@code false}: the handler runs to its end, reads of the
 *     body throw, writes are dropped, and {@link Request#disconnected()} tells it (see the guide)
 * @param accessLog whether each request is logged to the {@code org.jasyncio.http.server.access}
 *     {@link System.Logger} at INFO (default on; written by a background thread, never on the loop:
 *     see the guide, docs/http-server.md)
 * @param backlog the listen backlog: how many connections the kernel completes and queues for the
 *     server before it accepts them. Default {@value #DEFAULT_BACKLOG} (uvicorn's; the kernel caps it at
 *     {@code net.core.somaxconn}, 4096 on current Linux). When a burst of new connections outruns the
 *     loop's accepting by more than this, the kernel drops their handshakes and the clients retry
 *     after 1 s, 3 s...: asyncio's default of 100 made 1,000 back-to-back connects take seconds.
 * @param tls HTTPS: the TLS options of every accepted connection (aiohttp's {@code ssl_context} of
 *     {@code run_app}), from {@link TlsOptions#server(javax.net.ssl.SSLContext)}; {@code null} (the
 *     default): plain HTTP. The handshake has its own time limit ({@link TlsOptions#handshakeTimeout()},
 *     60 s by default); the header timeout starts once it is done. A client whose handshake fails is
 *     closed without a report, as one that disconnects.
 */
public record ServerOptions(
        HttpLimits limits,
        long maxBodySize,
        Duration headerTimeout,
        Duration keepAliveTimeout,
        Duration handlerTimeout,
        Duration shutdownGrace,
        boolean cancelOnDisconnect,
        boolean accessLog,
        int backlog,
        TlsOptions tls) {
    /** 1 MiB. */
    public static final long DEFAULT_MAX_BODY_SIZE = 1 << 20;
    /** The default listen backlog. */
    public static final int DEFAULT_BACKLOG = 2048;

    public ServerOptions {
        Objects.requireNonNull(limits, "limits");
        if (maxBodySize < -1) {
            throw new IllegalArgumentException(
                    "ServerOptions maxBodySize " + maxBodySize + " must be >= 0, or -1 for no limit");
        }
        positive("headerTimeout", headerTimeout);
        positive("keepAliveTimeout", keepAliveTimeout);
        if (handlerTimeout != null) {
            positive("handlerTimeout", handlerTimeout);
        }
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException(
                    "ServerOptions shutdownGrace " + shutdownGrace + " must not be negative");
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("ServerOptions backlog " + backlog + " must be at least 1");
        }
    }

    /** The defaults described on the components. */
    public static ServerOptions defaults() {
        return new ServerOptions(
                HttpLimits.defaults(),
                DEFAULT_MAX_BODY_SIZE,
                Duration.ofSeconds(20),
                Duration.ofSeconds(75),
                null,
                Duration.ofSeconds(60),
                false,
                true,
                DEFAULT_BACKLOG,
                null);
    }

    /** With other wire limits. */
    public ServerOptions withLimits(HttpLimits limits) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With another default body limit ({@code -1}: none). */
    public ServerOptions withMaxBodySize(long maxBodySize) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With another header timeout. */
    public ServerOptions withHeaderTimeout(Duration headerTimeout) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With another keep-alive idle timeout. */
    public ServerOptions withKeepAliveTimeout(Duration keepAliveTimeout) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With a default handler timeout ({@code null}: none). */
    public ServerOptions withHandlerTimeout(Duration handlerTimeout) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With another shutdown grace period. */
    public ServerOptions withShutdownGrace(Duration shutdownGrace) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With handlers cancelled, or not, when their client disconnects. */
    public ServerOptions withCancelOnDisconnect(boolean cancelOnDisconnect) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With the access log on or off. */
    public ServerOptions withAccessLog(boolean accessLog) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /** With another listen backlog. */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    /**
     * With HTTPS: every connection speaks TLS with {@code tls} (made with
     * {@link TlsOptions#server(javax.net.ssl.SSLContext)}); {@code null}: plain HTTP.
     */
    public ServerOptions withTls(TlsOptions tls) {
        return new ServerOptions(
                limits,
                maxBodySize,
                headerTimeout,
                keepAliveTimeout,
                handlerTimeout,
                shutdownGrace,
                cancelOnDisconnect,
                accessLog,
                backlog,
                tls);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("ServerOptions " + name + " " + d + " must be positive");
        }
    }
}
