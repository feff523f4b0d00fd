package org.jasyncio.http.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpVersion;

/**
 * Runs Jetty's {@code HttpParser} (compliance mode STRICT: RFC 9110 with no violation allowed) over
 * an input and describes what it did in the verdict lines of {@link CaseRunner}, so the two parsers
 * can be compared line by line. Between keep-alive messages it resets the parser as Jetty's
 * connection does; after a message that closes the connection or asks for an upgrade it stops, as the
 * jasyncio run does.
 */
final class JettyRunner {
    private JettyRunner() {}

    static List<String> run(byte[] input, boolean requests, String responseToMethod, boolean finish) {
        Collector c = new Collector();
        org.eclipse.jetty.http.HttpParser parser = requests
                ? new org.eclipse.jetty.http.HttpParser(
                        (org.eclipse.jetty.http.HttpParser.RequestHandler) c,
                        HttpLimits.defaults().maxHeaderBytes()
                                + HttpLimits.defaults().maxRequestLine(),
                        HttpCompliance.STRICT)
                : new org.eclipse.jetty.http.HttpParser(
                        (org.eclipse.jetty.http.HttpParser.ResponseHandler) c,
                        HttpLimits.defaults().maxHeaderBytes()
                                + HttpLimits.defaults().maxRequestLine(),
                        HttpCompliance.STRICT);
        parser.setHeaderCacheCaseSensitive(true); // else a cached field's value case replaces the sent one
        boolean head = "HEAD".equals(responseToMethod);
        parser.setHeadResponse(head);
        ByteBuffer buf = ByteBuffer.wrap(input);
        boolean eofFed = false;
        for (int rounds = 0; rounds < 100_000; rounds++) {
            boolean handled;
            try {
                handled = parser.parseNext(buf);
            } catch (RuntimeException e) {
                c.error("exception " + e);
                return c.out;
            }
            if (c.failed) {
                return c.out;
            }
            if (c.completed) {
                c.completed = false;
                if (c.stop != null) {
                    c.out.add(c.stop);
                    return c.out;
                }
                parser.reset();
                parser.setHeadResponse(head);
                continue;
            }
            if (!buf.hasRemaining() && !handled) {
                if (finish && !eofFed) {
                    eofFed = true;
                    if (parser.isStart()) {
                        c.out.add("eof"); // a clean close between messages
                        return c.out;
                    }
                    parser.atEOF();
                    continue;
                }
                if (eofFed) {
                    c.out.add("eof");
                } else {
                    c.flush();
                    c.out.add("incomplete");
                }
                return c.out;
            }
        }
        throw new AssertionError("Jetty made no progress: " + parser);
    }

    private static final class Collector
            implements org.eclipse.jetty.http.HttpParser.RequestHandler,
                    org.eclipse.jetty.http.HttpParser.ResponseHandler {
        final List<String> out = new ArrayList<>();
        final StringBuilder body = new StringBuilder();
        final List<String> trailers = new ArrayList<>();
        final List<HttpField> fields = new ArrayList<>();
        String method;
        int status;
        HttpVersion version;
        boolean completed;
        boolean failed;
        String stop;

        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
            this.method = method;
            this.version = version;
            fields.clear();
            out.add("head: " + method + " " + Escapes.escape(uri) + " " + version.asString());
        }

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            this.version = version;
            this.status = status;
            fields.clear();
            out.add("head: " + status + " " + version.asString());
        }

        @Override
        public void parsedHeader(HttpField field) {
            fields.add(field);
            out.add("field: " + Escapes.escape(field.getName()) + ": " + Escapes.escape(field.getValue()));
        }

        @Override
        public void parsedTrailer(HttpField field) {
            trailers.add("trailer: " + Escapes.escape(field.getName()) + ": " + Escapes.escape(field.getValue()));
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            body.append(new String(b, StandardCharsets.ISO_8859_1));
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            flush();
            out.addAll(trailers);
            trailers.clear();
            out.add("end");
            completed = true;
            stop = stopAfter();
            return true;
        }

        /** Why the run stops after this message, as CaseRunner decides it, or null. */
        private String stopAfter() {
            org.jasyncio.http.Headers h = new org.jasyncio.http.Headers();
            fields.forEach(f -> h.add(f.getName(), f.getValue()));
            boolean upgrade = h.contains("Upgrade") && h.containsToken("Connection", "upgrade");
            if (method != null && ("CONNECT".equals(method) || upgrade)) {
                return "stop: upgrade";
            }
            if (method == null && (status == 101)) {
                return "stop: upgrade";
            }
            boolean keep = version == HttpVersion.HTTP_1_1
                    ? !h.containsToken("Connection", "close")
                    : h.containsToken("Connection", "keep-alive") && !h.containsToken("Connection", "close");
            return keep ? null : "stop: closed";
        }

        @Override
        public void earlyEOF() {
            error("early EOF");
        }

        @Override
        public void badMessage(HttpException failure) {
            error(failure.getCode() + " " + failure.getReason());
        }

        void error(String why) {
            flush();
            out.add("error: jetty " + why);
            failed = true;
        }

        void flush() {
            if (!body.isEmpty()) {
                out.add("body: " + Escapes.escape(body.toString()));
                body.setLength(0);
            }
        }
    }
}
