package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.ExceptionContext;
import org.jasyncio.net.Server;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.StreamWriter;
import org.jasyncio.net.Streams;
import org.jasyncio.testing.MemoryStreams;

/**
 * Servers for the client's tests, written over raw streams so that they can misbehave on purpose:
 * a real TCP server on 127.0.0.1, or an in-memory one reached through a {@link Dialer} (for the virtual
 * clock). Each parses requests just enough to answer them.
 */
final class Fixtures {
    static final String HOST = "127.0.0.1";

    private Fixtures() {}

    /** A request as the test server saw it. */
    record Req(String method, String target, Map<String, String> headers, byte[] body, int connection, int index) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, UTF_8);
        }
    }

    /** What a test server does with one request; returns false to close the connection after it. */
    @FunctionalInterface
    interface Answer {
        boolean answer(Req req, StreamWriter w, StreamReader r) throws Exception;
    }

    /** A test server that answers requests on keep-alive connections, counting connections. */
    static final class TestServer implements AutoCloseable {
        final Server server;
        final AtomicInteger connections;
        final List<Req> requests;

        TestServer(Server server, AtomicInteger connections, List<Req> requests) {
            this.server = server;
            this.connections = connections;
            this.requests = requests;
        }

        int port() {
            return server.sockets().get(0).getPort();
        }

        String url(String path) {
            return "http://" + HOST + ":" + port() + path;
        }

        @Override
        public void close() throws Exception {
            server.close();
            server.closeClients();
            server.waitClosed();
        }
    }

    /** Starts a TCP test server on 127.0.0.1 and a free port. */
    static TestServer serve(Answer answer) throws IOException {
        AtomicInteger connections = new AtomicInteger();
        List<Req> requests = new ArrayList<>();
        Server s = Streams.startServer(
                (r, w) -> {
                    int conn = connections.incrementAndGet();
                    serveConnection(answer, r, w, conn, requests);
                },
                HOST,
                0);
        return new TestServer(s, connections, requests);
    }

    /** A dialer whose every connection is an in-memory pair served by {@code answer} (virtual clock friendly). */
    static Dialer memory(Answer answer, AtomicInteger connections, List<Req> requests) {
        return (host, port, tls) -> {
            MemoryStreams.StreamPair pair = MemoryStreams.pair();
            int conn = connections.incrementAndGet();
            Asyncio.createTask(
                    () -> {
                        try {
                            serveConnection(
                                    answer, pair.right().reader(), pair.right().writer(), conn, requests);
                        } catch (IOException e) {
                            // the client went away: nothing to serve
                        }
                        pair.right().writer().close();
                    },
                    "memory-server-" + conn);
            return pair.left();
        };
    }

    private static void serveConnection(Answer answer, StreamReader r, StreamWriter w, int conn, List<Req> requests)
            throws Exception {
        for (int i = 1; ; i++) {
            Req req = readRequest(r, conn, i);
            if (req == null) {
                return;
            }
            requests.add(req);
            if (!answer.answer(req, w, r)) {
                return;
            }
        }
    }

    /** Reads one request: head, and a Content-Length or chunked body. Null at a clean EOF. */
    static Req readRequest(StreamReader r, int conn, int index) throws IOException {
        byte[] headBytes;
        try {
            headBytes = r.readuntil("\r\n\r\n".getBytes(ISO_8859_1));
        } catch (org.jasyncio.net.IncompleteReadError e) {
            return null;
        }
        String[] lines = new String(headBytes, ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                headers.merge(
                        lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(c + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        byte[] body = new byte[0];
        if (headers.containsKey("content-length")) {
            body = r.readexactly(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String size = new String(r.readline(), ISO_8859_1).trim();
                int n = Integer.parseInt(size.split(";")[0], 16);
                if (n == 0) {
                    while (r.readline().length > 2) {
                        // trailers
                    }
                    break;
                }
                out.write(r.readexactly(n));
                r.readexactly(2);
            }
            body = out.toByteArray();
        }
        return new Req(start[0], start[1], headers, body, conn, index);
    }

    /** Writes a 200 response with a chunked body, one chunk per part, each drained before the next. */
    static void respondChunked(StreamWriter w, String... parts) throws IOException {
        w.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(UTF_8));
        for (String part : parts) {
            w.write((Integer.toHexString(part.length()) + "\r\n" + part + "\r\n").getBytes(UTF_8));
            w.drain();
        }
        w.write("0\r\n\r\n".getBytes(UTF_8));
        w.drain();
    }

    /** Writes a whole response with Content-Length. */
    static void respond(StreamWriter w, int status, String body, String... headers) throws IOException {
        respond(w, status, body.getBytes(UTF_8), headers);
    }

    /** Writes a whole response with Content-Length. */
    static void respond(StreamWriter w, int status, byte[] body, String... headers) throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ")
                .append(status)
                .append(" ")
                .append(reason(status))
                .append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        w.write(sb.toString().getBytes(ISO_8859_1));
        w.write(body);
        w.drain();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** Collects what the loop's exception handler gets (leak reports), in the running loop. */
    /**
     * A future completed with the first report that {@code reports} (from {@link #captureReports()})
     * gets from now on: a test awaits it instead of polling the list.
     */
    static org.jasyncio.Future<ExceptionContext> firstReport(List<ExceptionContext> reports) {
        org.jasyncio.EventLoop loop = Asyncio.getRunningLoop();
        org.jasyncio.Future<ExceptionContext> first = loop.createFuture();
        loop.setExceptionHandler((l, ctx) -> {
            reports.add(ctx);
            if (!first.done()) {
                first.setResult(ctx);
            }
        });
        return first;
    }

    static List<ExceptionContext> captureReports() {
        List<ExceptionContext> reports = new ArrayList<>();
        Asyncio.getRunningLoop().setExceptionHandler((loop, ctx) -> reports.add(ctx));
        return reports;
    }
}
