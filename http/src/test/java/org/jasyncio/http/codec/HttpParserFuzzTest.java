package org.jasyncio.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jasyncio.http.Headers;

/**
 * Jazzer fuzz targets for the parser, requests and responses. For any input: the parser throws
 * nothing but {@link HttpParseException}; it makes progress (no infinite loop: every round either
 * uses a fed piece or gives an event, bounded); feeding the input whole or in two pieces gives the
 * same verdict; and every message it accepts means one thing: written again with {@link HttpWriter}
 * and parsed again it gives the same head, fields, body and trailers.
 *
 * <p>A plain {@code mvn test} runs the seed corpus in HttpParserFuzzTestInputs (Jazzer's regression
 * mode). {@code JAZZER_FUZZ=1} fuzzes each target for {@code maxDuration} (see the module README).
 */
class HttpParserFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void requests(byte[] input) {
        check(input, true);
    }

    @FuzzTest(maxDuration = "30s")
    void responses(byte[] input) {
        check(input, false);
    }

    private static void check(byte[] input, boolean requests) {
        List<Message> whole = parse(input, requests, input.length);
        int cut = input.length == 0 ? 0 : Math.floorMod(Arrays.hashCode(input), input.length);
        List<Message> split = parse(input, requests, cut);
        assertThat(split).as("same verdict whole and split at %d", cut).isEqualTo(whole);
        for (Message m : whole) {
            if (m.head() == null) {
                continue;
            }
            byte[] written = m.write();
            if (written == null) {
                continue;
            }
            List<Message> again = parse(written, requests, written.length);
            assertThat(again)
                    .as("the accepted message written again and parsed again")
                    .isNotEmpty();
            assertThat(again.getFirst().sameMeaning(m))
                    .as("re-parsed %s%nas %s", m, again.getFirst())
                    .isTrue();
        }
    }

    /** One parsed message (head, body, trailers), or the error that ended the input. */
    record Message(HttpEvent.Head head, byte[] body, Headers trailers, String error) {
        /** The message written by HttpWriter with its own framing, or null when it cannot be written as is. */
        byte[] write() {
            HttpWriter w = new HttpWriter();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Headers plain = head.headers().copy();
            plain.remove("Content-Length");
            plain.remove("Transfer-Encoding");
            BodyFraming framing;
            if (head instanceof RequestHead rq) {
                framing = rq.framing();
                out.writeBytes(w.requestHead(new RequestHead(rq.method(), rq.target(), rq.version(), plain), framing));
            } else {
                ResponseHead rs = (ResponseHead) head;
                framing = rs.framing("GET");
                if (framing instanceof BodyFraming.UntilClose || framing instanceof BodyFraming.None) {
                    return null; // until close adds Connection: close; bodyless ones keep their fields
                }
                out.writeBytes(
                        w.responseHead(new ResponseHead(rs.status(), rs.reason(), rs.version(), plain), framing));
            }
            out.writeBytes(w.data(body, 0, body.length));
            for (Headers.Field f : trailers) {
                if (f.name().equalsIgnoreCase("Content-Length")
                        || f.name().equalsIgnoreCase("Transfer-Encoding")
                        || f.name().equalsIgnoreCase("Host")) {
                    return null;
                }
            }
            out.writeBytes(w.end(trailers.isEmpty() ? null : trailers));
            return out.toByteArray();
        }

        boolean sameMeaning(Message o) {
            if (o.head() == null
                    || head.getClass() != o.head().getClass()
                    || !Arrays.equals(body, o.body())
                    || !trailers.equals(o.trailers())
                    || head.version() != o.head().version()) {
                return false;
            }
            Headers a = head.headers().copy();
            Headers b = o.head().headers().copy();
            for (Headers h : List.of(a, b)) {
                h.remove("Content-Length");
                h.remove("Transfer-Encoding");
            }
            if (!a.equals(b)) {
                return false;
            }
            return switch (head) {
                case RequestHead r ->
                    r.method().equals(((RequestHead) o.head()).method())
                            && r.target().equals(((RequestHead) o.head()).target())
                            && r.framing().getClass()
                                    == ((RequestHead) o.head()).framing().getClass();
                case ResponseHead r -> r.status() == ((ResponseHead) o.head()).status();
            };
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Message m
                    && java.util.Objects.equals(head, m.head)
                    && Arrays.equals(body, m.body)
                    && java.util.Objects.equals(trailers, m.trailers)
                    && java.util.Objects.equals(error, m.error);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(head, Arrays.hashCode(body), trailers, error);
        }

        @Override
        public String toString() {
            return "Message[" + head + " body=" + body.length + " trailers=" + trailers + " error=" + error + "]";
        }
    }

    /** Parses {@code input} fed in two pieces at {@code cut}, then EOF; the messages and a final error. */
    static List<Message> parse(byte[] input, boolean requests, int cut) {
        HttpParser p = requests
                ? HttpParser.forRequests(HttpLimits.defaults().withMaxBodySize(1 << 20))
                : HttpParser.forResponses(HttpLimits.defaults());
        List<byte[]> pieces = List.of(Arrays.copyOfRange(input, 0, cut), Arrays.copyOfRange(input, cut, input.length));
        List<Message> out = new ArrayList<>();
        HttpEvent.Head head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int next = 0;
        boolean eof = false;
        int limit = 4 * input.length + 64; // each event uses a byte, or is an end or a NeedData
        for (int round = 0; round < limit; round++) {
            HttpEvent e;
            try {
                e = p.next();
            } catch (HttpParseException x) {
                assertThat(x.status()).isIn(400, 413, 414, 431, 501, 502, 505);
                out.add(new Message(null, new byte[0], new Headers(), x.status() + " " + x.rule()));
                return out;
            }
            switch (e) {
                case HttpEvent.Head h -> {
                    head = h;
                    body.reset();
                }
                case HttpEvent.Data d -> body.write(d.array(), d.offset(), d.length());
                case HttpEvent.EndOfMessage end -> {
                    out.add(new Message(head, body.toByteArray(), end.trailers(), null));
                    if (p.state() == HttpParser.State.SWITCHED) {
                        return out;
                    }
                    if (head instanceof RequestHead rq && CaseRunner.wantsUpgrade(rq)) {
                        p.takeRemaining();
                        return out;
                    }
                    head = null;
                }
                case HttpEvent.NeedData n -> {
                    if (next < pieces.size()) {
                        byte[] piece = pieces.get(next++);
                        p.feed(piece, 0, piece.length);
                    } else if (!eof) {
                        eof = true;
                        p.feedEof();
                    } else {
                        throw new AssertionError("NeedData after feedEof(): " + p);
                    }
                }
                case HttpEvent.ConnectionClosed c -> {
                    return out;
                }
            }
        }
        throw new AssertionError("no progress after " + limit + " rounds: " + p);
    }
}
