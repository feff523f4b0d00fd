package org.jasyncio.http.client;

/**
 * What a response holds of its session: the leased connection until the body ends, and its entry in
 * the session's set of open responses. Separate from {@link ClientResponse} so that the response's
 * leak report can release it without referencing the response (a {@link java.lang.ref.Cleaner}
 * action must not).
 */
final class ResponseLease implements BodyReader.Release {
    private final ClientSession.Shared shared;
    private final HttpConnection conn;
    final String what;
    /** Set right after construction; null for a response that was complete at once. */
    LeakReport leak;

    private boolean released;

    ResponseLease(ClientSession.Shared shared, HttpConnection conn, String what) {
        this.shared = shared;
        this.conn = conn;
        this.what = what;
    }

    /** The body ended ({@code reusable}: read to its end and kept alive) or was given up. Idempotent. */
    @Override
    public void release(boolean reusable) {
        if (released) {
            return;
        }
        released = true;
        shared.pool.release(conn, reusable);
        shared.openResponses.remove(this);
        if (leak != null) {
            leak.settle();
        }
    }

    boolean released() {
        return released;
    }
}
