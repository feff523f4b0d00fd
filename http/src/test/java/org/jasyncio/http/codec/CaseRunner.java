package org.jasyncio.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.http.Headers;

/**
 * Runs the parser over an input fed in given pieces and describes what it did in the case files'
 * verdict lines: {@code head: GET /a HTTP/1.1}, {@code field: Name: value}, {@code body: ...},
 * {@code trailer: ...}, {@code end}, then at most one of {@code error: STATUS rule},
 * {@code stop: upgrade}, {@code stop: closed} (bytes after a closing message were ignored),
 * {@code eof} (clean close after feedEof), {@code incomplete} (waits for more bytes).
 */
final class CaseRunner {
    private CaseRunner() {}

    /** Splits {@code input} at the given cut points. */
    static List<byte[]> split(byte[] input, int... cuts) {
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int c : cuts) {
            if (c > from && c < input.length) {
                pieces.add(java.util.Arrays.copyOfRange(input, from, c));
                from = c;
            }
        }
        pieces.add(java.util.Arrays.copyOfRange(input, from, input.length));
        return pieces;
    }

    static List<String> run(HttpParser parser, List<byte[]> pieces, boolean finish, boolean stopAtUpgrade) {
        List<String> out = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int next = 0;
        long total = 0;
        for (byte[] p : pieces) {
            total += p.length;
        }
        long endOffset = -1;
        RequestHead lastRequest = null;
        // Bounded: every round either consumes a piece or makes progress in the parser; a stuck parser
        // is a failure, not a hang.
        for (int rounds = 0; rounds < 100_000; rounds++) {
            HttpEvent e;
            try {
                e = parser.next();
            } catch (HttpParseException x) {
                flush(out, body);
                out.add("error: " + x.status() + " " + x.rule());
                return out;
            }
            switch (e) {
                case RequestHead h -> {
                    lastRequest = h;
                    out.add("head: " + h.method() + " " + Escapes.escape(h.target()) + " "
                            + h.version().text());
                    fields(out, "field: ", h.headers());
                }
                case ResponseHead h -> {
                    out.add("head: " + h.status() + " " + h.version().text());
                    fields(out, "field: ", h.headers());
                }
                case HttpEvent.Data d ->
                    body.append(new String(d.array(), d.offset(), d.length(), StandardCharsets.ISO_8859_1));
                case HttpEvent.EndOfMessage end -> {
                    flush(out, body);
                    fields(out, "trailer: ", end.trailers());
                    out.add("end");
                    endOffset = parser.offset();
                    if (parser.state() == HttpParser.State.SWITCHED) {
                        out.add("stop: upgrade");
                        return out;
                    }
                    if (stopAtUpgrade
                            && lastRequest != null
                            && wantsUpgrade(lastRequest)
                            && parser.state() == HttpParser.State.IDLE) {
                        parser.takeRemaining();
                        out.add("stop: upgrade");
                        return out;
                    }
                }
                case HttpEvent.NeedData n -> {
                    if (next < pieces.size()) {
                        byte[] p = pieces.get(next++);
                        parser.feed(p, 0, p.length);
                    } else if (finish && parser.state() != HttpParser.State.CLOSED) {
                        finish = false;
                        parser.feedEof();
                    } else {
                        flush(out, body);
                        if (parser.state() == HttpParser.State.MUST_CLOSE && endOffset >= 0 && endOffset < total) {
                            out.add("stop: closed");
                        } else {
                            out.add("incomplete");
                        }
                        return out;
                    }
                }
                case HttpEvent.ConnectionClosed c -> {
                    flush(out, body);
                    out.add("eof");
                    return out;
                }
            }
        }
        throw new AssertionError("parser made no progress in 100000 rounds: " + parser);
    }

    /** A request after which a server would leave HTTP if it agreed: CONNECT, or Upgrade asked for. */
    static boolean wantsUpgrade(RequestHead h) {
        return h.method().equals("CONNECT")
                || (h.headers().contains("Upgrade") && h.headers().containsToken("Connection", "upgrade"));
    }

    private static void fields(List<String> out, String prefix, Headers headers) {
        for (Headers.Field f : headers) {
            out.add(prefix + Escapes.escape(f.name()) + ": " + Escapes.escape(f.value()));
        }
    }

    private static void flush(List<String> out, StringBuilder body) {
        if (!body.isEmpty()) {
            out.add("body: " + Escapes.escape(body.toString()));
            body.setLength(0);
        }
    }
}
