package org.jasyncio.http.client;

import java.net.URI;

/**
 * Hooks the session calls as requests run, for metrics and logs (aiohttp's {@code TraceConfig}):
 * every method has an empty default, so a tracer overrides what it needs. Called on the loop thread,
 * inline: a hook must not suspend and should be quick; an exception it throws is reported to the
 * loop's exception handler and does not fail the request.
 *
 * <pre>{@code
 * var session = ClientSession.builder().trace(new ClientTrace() {
 *     public void requestEnd(String method, URI url, int status, double seconds) {
 *         histogram.record(seconds);
 *     }
 * }).build();
 * }</pre>
 */
public interface ClientTrace {
    /** A request is about to acquire a connection (each redirect hop and retry is a request too). */
    default void requestStart(String method, URI url) {}

    /** A response head came for {@code method url}, {@code seconds} after its requestStart. */
    default void requestEnd(String method, URI url, int status, double seconds) {}

    /** A request failed with {@code error} (a {@link ClientError} or a {@link ClientTimeoutError}). */
    default void requestException(String method, URI url, Throwable error) {}

    /** A new connection to {@code origin} was opened; {@code id} names it in later hooks. */
    default void connectionCreated(String origin, long id) {}

    /** An idle keep-alive connection was taken from the pool. */
    default void connectionReused(String origin, long id) {}

    /** A host name was resolved by the default {@link TcpDialer}; {@code cached}: from its DNS cache. */
    default void dnsResolved(String host, java.util.List<java.net.InetAddress> addresses, boolean cached) {}

    /**
     * A request is retried: after a stale pooled connection, or by the {@link RetryPolicy};
     * {@code cause} is the error, or {@code null} when the policy retries a response's status.
     */
    default void requestRetry(String method, URI url, int attempt, Throwable cause) {}

    /** The tracer that does nothing. */
    ClientTrace NONE = new ClientTrace() {};
}
