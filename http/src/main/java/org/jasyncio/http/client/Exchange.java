package org.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import java.util.Iterator;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.jasyncio.http.codec.BodyFraming;
import org.jasyncio.http.codec.HttpEvent;
import org.jasyncio.http.codec.HttpParseException;
import org.jasyncio.http.codec.RequestHead;
import org.jasyncio.http.codec.ResponseHead;

/**
 * One request/response exchange on one pooled connection: acquire, send the head and body, read the
 * response head. The one retry the pool owes its users lives here: a request whose pooled keep-alive
 * connection turns out to be closed by the server (no response byte came back) is sent once more on a
 * fresh connection when it is idempotent and its body can be sent again.
 */
final class Exchange {
    private Exchange() {}

    /**
     * One hop's request.
     *
     * @param method the method, upper case
     * @param url the absolute URL
     * @param headers the headers (defaults and the caller's; Host, Cookie and framing are added when sent)
     * @param body the body as given, or null
     * @param bodyBytes the body's bytes when it is in memory (bytes, text, form, JSON), else null
     */
    record Request(String method, URI url, Headers headers, RequestBody body, byte[] bodyBytes) {
        boolean idempotent() {
            return switch (method) {
                case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
                default -> false;
            };
        }

        boolean replayable() {
            return body == null || body.replayable();
        }

        String what() {
            return method + " " + url;
        }
    }

    static ClientResponse send(ClientSession session, Request req, Deadlines deadlines) throws IOException {
        ClientTrace trace = session.trace();
        Origin target = Origin.of(req.url());
        Proxy proxy = session.proxy();
        Origin origin = proxy != null && proxy.appliesTo(target) ? target.via(proxy) : target;
        ConnectionPool pool = session.pool();
        String what = req.what(); // built once per hop: error messages and the pool's holder name
        boolean fresh = false;
        for (int attempt = 1; ; attempt++) {
            trace.requestStart(req.method(), req.url());
            double t0 = session.loop().time();
            HttpConnection conn;
            try {
                conn = pool.acquire(origin, fresh, deadlines, what);
            } catch (IOException | RuntimeException | Error e) {
                trace.requestException(req.method(), req.url(), e);
                throw e;
            }
            boolean reused = conn.requests > 0;
            conn.requests++;
            long bytesBefore = conn.bytesIn;
            try {
                writeRequest(session, conn, req, what, target, origin.forwarding() ? proxy : null, deadlines);
                ResponseHead head = readHead(conn, what, deadlines);
                ClientResponse resp = respond(session, conn, req, what, head, deadlines);
                trace.requestEnd(
                        req.method(), req.url(), head.status(), session.loop().time() - t0);
                return resp;
            } catch (ClientConnectionError e) {
                pool.release(conn, false);
                boolean staleKeepAlive = reused && conn.bytesIn == bytesBefore;
                if (staleKeepAlive && attempt == 1 && req.idempotent() && req.replayable()) {
                    trace.requestRetry(req.method(), req.url(), attempt, e);
                    fresh = true;
                    continue;
                }
                trace.requestException(req.method(), req.url(), e);
                throw e;
            } catch (IOException | RuntimeException | Error e) {
                pool.release(conn, false);
                trace.requestException(req.method(), req.url(), e);
                throw e;
            }
        }
    }

    private static void writeRequest(
            ClientSession session,
            HttpConnection conn,
            Request req,
            String what,
            Origin target,
            Proxy forwardProxy,
            Deadlines deadlines)
            throws IOException {
        Headers h = req.headers().copy();
        if (!h.contains("Host")) {
            h.set("Host", target.hostHeader());
        }
        if (forwardProxy != null && forwardProxy.authorization() != null && !h.contains("Proxy-Authorization")) {
            h.set("Proxy-Authorization", forwardProxy.authorization());
        }
        if (!h.contains("Cookie")) {
            String cookie = session.cookieJar().header(req.url());
            if (cookie != null) {
                h.set("Cookie", cookie);
            }
        }
        BodyFraming framing;
        if (req.bodyBytes() != null) {
            framing = BodyFraming.length(req.bodyBytes().length);
        } else if (req.body() instanceof RequestBody.Sized sized) {
            framing = BodyFraming.length(sized.length());
        } else if (req.body() instanceof RequestBody.Stream) {
            framing = BodyFraming.CHUNKED;
        } else if (req.method().equals("POST")
                || req.method().equals("PUT")
                || req.method().equals("PATCH")) {
            framing = BodyFraming.length(0); // RFC 9110 8.6: a body-carrying method without one says so
        } else {
            framing = BodyFraming.NONE;
        }
        if (req.body() != null && req.body().contentType() != null && !h.contains("Content-Type")) {
            h.set("Content-Type", req.body().contentType());
        }
        h.remove("Content-Length");
        h.remove("Transfer-Encoding");
        // To a forwarding proxy, the absolute form (RFC 9112 3.2.2); else the origin form.
        String requestTarget = forwardProxy != null ? Urls.absoluteTarget(req.url()) : Urls.target(req.url());
        RequestHead head = new RequestHead(req.method(), requestTarget, HttpVersion.HTTP_1_1, h);
        conn.parser.expectResponseTo(req.method());
        try {
            conn.write(conn.httpWriter.requestHead(head, framing));
            if (req.bodyBytes() != null) {
                conn.write(conn.httpWriter.data(req.bodyBytes(), 0, req.bodyBytes().length));
                conn.write(conn.httpWriter.end(null));
            } else if (req.body() instanceof RequestBody.Stream || req.body() instanceof RequestBody.Sized) {
                Iterator<byte[]> it = req.body() instanceof RequestBody.Stream s
                        ? s.chunks()
                        : ((RequestBody.Sized) req.body()).source().get();
                try {
                    while (hasNext(it, req)) {
                        byte[] chunk = it.next();
                        conn.write(conn.httpWriter.data(chunk, 0, chunk.length));
                        drain(conn, deadlines, what);
                    }
                    conn.write(conn.httpWriter.end(null));
                } catch (IllegalStateException e) { // a sized body whose source gave more or less than announced
                    throw new ClientError(
                            "the body of " + what + " does not match the length its source announced: "
                                    + e.getMessage(),
                            e);
                }
            } else {
                conn.write(conn.httpWriter.end(null));
            }
            drain(conn, deadlines, what);
        } catch (ClientError e) {
            throw e;
        } catch (IOException e) {
            throw new ClientConnectionError("sending " + what + " on " + conn + " failed: " + e.getMessage(), e);
        }
    }

    /** Waits, under the total limit, until the connection's send buffer has room; at once when it has. */
    private static void drain(HttpConnection conn, Deadlines deadlines, String what) throws IOException {
        if (conn.mustDrain()) {
            deadlines.other(
                    () -> {
                        conn.drain();
                        return null;
                    },
                    "sending ",
                    what);
        }
    }

    private static boolean hasNext(Iterator<byte[]> it, Request req) throws ClientError {
        try {
            return it.hasNext();
        } catch (java.io.UncheckedIOException e) {
            throw new ClientError(
                    "reading the body of " + req.what() + " from its source failed: " + e.getMessage(), e.getCause());
        }
    }

    private static ResponseHead readHead(HttpConnection conn, String what, Deadlines deadlines) throws IOException {
        boolean interim = false;
        try {
            while (true) {
                HttpEvent ev = conn.next(deadlines, "the response head of ", what);
                if (ev instanceof ResponseHead head) {
                    if (head.status() >= 100 && head.status() < 200 && head.status() != 101) {
                        interim = true; // 100 Continue, 103 Early Hints: the final head follows
                        continue;
                    }
                    return head;
                }
                if (ev instanceof HttpEvent.EndOfMessage && interim) {
                    interim = false;
                    continue;
                }
                if (ev instanceof HttpEvent.ConnectionClosed) {
                    throw new ServerDisconnectedError(
                            "the server closed " + conn + " before it answered " + what + " (no response byte)");
                }
                throw new BadServerResponse(what, "unexpected " + ev + " before the response head", conn.bytesIn, null);
            }
        } catch (HttpParseException e) {
            if (conn.eofFed()) {
                throw new ServerDisconnectedError(
                        "the server closed " + conn + " in the middle of the response head to " + what + " ("
                                + e.getMessage() + ")",
                        e);
            }
            throw new BadServerResponse(what, e.rule(), e.offset(), e);
        } catch (ClientError e) {
            throw e;
        } catch (IOException e) {
            throw new ClientConnectionError(
                    "reading the response to " + what + " on " + conn + " failed: " + e.getMessage(), e);
        }
    }

    private static ClientResponse respond(
            ClientSession session,
            HttpConnection conn,
            Request req,
            String what,
            ResponseHead head,
            Deadlines deadlines)
            throws IOException {
        ClientSession.Shared shared = session.shared();
        session.cookieJar().update(req.url(), head.headers().getAll("Set-Cookie"));
        BodyFraming framing = head.framing(req.method());
        long expected = framing instanceof BodyFraming.Length l ? l.n() : -1;
        boolean keepAlive = head.keepAlive(req.method());
        ResponseLease lease = new ResponseLease(shared, conn, what);
        shared.openResponses.add(lease);
        BodyReader raw = new BodyReader(conn, deadlines, what, expected, keepAlive, lease);
        ClientResponse resp = new ClientResponse(
                session,
                req.method(),
                req.url(),
                head.status(),
                head.reason(),
                head.version(),
                head.headers(),
                raw,
                lease,
                session.decompress());
        if (framing instanceof BodyFraming.None || expected == 0) {
            raw.next(); // the end of the message is already parsed: give the connection back now
        }
        if (!lease.released()) {
            lease.leak = LeakReport.watch(resp, session.loop(), "the response to " + what, false, raw::abandon);
        }
        return resp;
    }
}
