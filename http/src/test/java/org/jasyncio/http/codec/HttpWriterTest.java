package org.jasyncio.http.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.junit.jupiter.api.Test;

class HttpWriterTest {

    private static String s(byte[] b) {
        return new String(b, ISO_8859_1);
    }

    @Test
    void writesAContentLengthResponse() {
        HttpWriter w = new HttpWriter();
        String head = s(
                w.responseHead(ResponseHead.of(200, Headers.of("Content-Type", "text/plain")), BodyFraming.length(5)));
        assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
        assertThat(s(w.data("hel".getBytes(ISO_8859_1), 0, 3))).isEqualTo("hel");
        assertThat(s(w.data("xlo".getBytes(ISO_8859_1), 1, 2))).isEqualTo("lo");
        assertThat(w.end()).isEmpty();
        assertThat(w.state()).isEqualTo(HttpWriter.State.IDLE);
    }

    @Test
    void writesStatusAndContentLengthDigitsAtEveryDigitCount() {
        HttpWriter w = new HttpWriter();
        for (long n : new long[] {0, 9, 10, 99, 100, 999, 1000, 9999, 10000, 99999, 100000, 1L << 40, Long.MAX_VALUE}) {
            String head = s(w.responseHead(ResponseHead.of(200, new Headers()), BodyFraming.length(n)));
            assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\n\r\n");
            w = new HttpWriter();
        }
        for (int status : new int[] {100, 204, 599}) {
            String head = s(new HttpWriter().responseHead(ResponseHead.of(status, new Headers()), BodyFraming.NONE));
            assertThat(head).startsWith("HTTP/1.1 " + status + " ");
        }
        byte[] body = new byte[10000];
        String whole = s(new HttpWriter().response(ResponseHead.of(200, new Headers()), body, 0, body.length));
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n";
        assertThat(whole).startsWith(head).hasSize(head.length() + body.length);
    }

    @Test
    void writesAWholeSmallResponseInOneArrayExactlyAsHeadThenBody() {
        HttpWriter w = new HttpWriter();
        Headers h = Headers.of("Content-Type", "text/plain", "X-Long", "y".repeat(300));
        byte[] body = "[hello world]".getBytes(ISO_8859_1);
        String one = s(w.response(new ResponseHead(404, "Not Found", HttpVersion.HTTP_1_1, h), body, 1, 11));
        assertThat(w.state()).isEqualTo(HttpWriter.State.IDLE);
        String head =
                s(w.responseHead(new ResponseHead(404, "Not Found", HttpVersion.HTTP_1_1, h), BodyFraming.length(11)));
        assertThat(w.data(body, 1, 11)).isEqualTo("hello world".getBytes(ISO_8859_1));
        w.end();
        assertThat(one).isEqualTo(head + "hello world").contains("\r\nContent-Length: 11\r\n\r\nhello world");
        assertThat(s(w.response(ResponseHead.of(200, new Headers()), new byte[0], 0, 0)))
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThatThrownBy(() -> w.response(ResponseHead.of(204, new Headers()), new byte[0], 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("204");
        assertThat(w.state()).as("a refused head leaves the writer idle").isEqualTo(HttpWriter.State.IDLE);
        assertThatThrownBy(() -> w.response(ResponseHead.of(200, new Headers()), body, 10, 11))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writesChunksAndTrailersThatTheParserReadsBack() {
        HttpWriter w = new HttpWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.requestHead(RequestHead.of("POST", "/up?x=1", Headers.of("Host", "h")), BodyFraming.CHUNKED));
        out.writeBytes(w.data("hello".getBytes(ISO_8859_1), 0, 5));
        assertThat(w.data(new byte[3], 1, 0)).as("an empty slice is no chunk").isEmpty();
        byte[] big = new byte[300];
        out.writeBytes(w.dataHeader(big.length)); // zero-copy: the caller writes the slice itself
        out.writeBytes(big);
        out.writeBytes(w.end(Headers.of("X-Checksum", "42")));
        String wire = s(out.toByteArray());
        assertThat(wire)
                .startsWith(
                        "POST /up?x=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n12c\r\n")
                .endsWith("\r\n0\r\nX-Checksum: 42\r\n\r\n");

        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        p.feed(out.toByteArray());
        RequestHead head = (RequestHead) p.next();
        assertThat(head.framing()).isEqualTo(BodyFraming.CHUNKED);
        int body = 0;
        HttpEvent e;
        while ((e = p.next()) instanceof HttpEvent.Data d) {
            body += d.length();
        }
        assertThat(body).isEqualTo(305);
        assertThat(((HttpEvent.EndOfMessage) e).trailers().get("x-checksum")).isEqualTo("42");
    }

    @Test
    void untilCloseAddsConnectionCloseAndNoneWritesNoFraming() {
        HttpWriter w = new HttpWriter();
        assertThat(s(w.responseHead(ResponseHead.of(200, new Headers()), BodyFraming.UNTIL_CLOSE)))
                .isEqualTo("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        w.data(new byte[] {1}, 0, 1);
        w.end();
        assertThat(s(w.responseHead(ResponseHead.of(304, Headers.of("Content-Length", "10")), BodyFraming.NONE)))
                .as("a body-less response may announce the size it does not send")
                .isEqualTo("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
        assertThatThrownBy(() -> w.data(new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("framing is NONE");
        w.end();
        assertThat(s(w.requestHead(new RequestHead("GET", "/", HttpVersion.HTTP_1_0, new Headers()), BodyFraming.NONE)))
                .isEqualTo("GET / HTTP/1.0\r\n\r\n");
    }

    @Test
    void refusesMisuseNamingTheRule() {
        HttpWriter w = new HttpWriter();
        assertThatThrownBy(() -> w.data(new byte[1], 0, 1)).hasMessageContaining("before a head");
        assertThatThrownBy(() -> w.end()).hasMessageContaining("end() before a head");
        assertThatThrownBy(() -> w.requestHead(RequestHead.of("GE T", "/", new Headers()), BodyFraming.NONE))
                .hasMessageContaining("is not a token");
        assertThatThrownBy(() -> w.requestHead(RequestHead.of("GET", "/a b", new Headers()), BodyFraming.NONE))
                .hasMessageContaining("not allowed unencoded");
        assertThatThrownBy(() -> w.requestHead(RequestHead.of("GET", "/", new Headers()), BodyFraming.UNTIL_CLOSE))
                .hasMessageContaining("cannot be delimited by the close");
        assertThatThrownBy(() -> w.requestHead(
                        RequestHead.of("POST", "/", Headers.of("Content-Length", "3")), BodyFraming.length(3)))
                .hasMessageContaining("head carries Content-Length");
        assertThatThrownBy(() -> w.responseHead(
                        ResponseHead.of(200, Headers.of("Transfer-Encoding", "chunked")), BodyFraming.CHUNKED))
                .hasMessageContaining("head carries Transfer-Encoding");
        assertThatThrownBy(() -> w.responseHead(ResponseHead.of(204, new Headers()), BodyFraming.length(0)))
                .hasMessageContaining("a 204 response has no body");
        assertThatThrownBy(() -> w.responseHead(
                        new ResponseHead(200, "OK\r\nX: y", HttpVersion.HTTP_1_1, new Headers()), BodyFraming.NONE))
                .hasMessageContaining("reason phrase");
        assertThatThrownBy(() -> w.responseHead(
                        new ResponseHead(200, "OK", HttpVersion.HTTP_1_0, new Headers()), BodyFraming.CHUNKED))
                .hasMessageContaining("chunked transfer coding needs HTTP/1.1");

        w.responseHead(ResponseHead.of(200, new Headers()), BodyFraming.length(2));
        assertThatThrownBy(() -> w.responseHead(ResponseHead.of(200, new Headers()), BodyFraming.NONE))
                .hasMessageContaining("while a message is open");
        assertThatThrownBy(() -> w.data(new byte[3], 0, 3)).hasMessageContaining("exceed the Content-Length of 2");
        w.data(new byte[1], 0, 1);
        assertThatThrownBy(() -> w.end()).hasMessageContaining("short of its Content-Length of 2");
        assertThatThrownBy(() -> w.end(Headers.of("X", "1"))).isInstanceOf(IllegalStateException.class);
        w.data(new byte[1], 0, 1);
        assertThatThrownBy(() -> w.end(Headers.of("X", "1")))
                .hasMessageContaining("trailer fields need a chunked body");
        assertThat(w.toString()).contains("state=BODY");

        HttpWriter c = new HttpWriter();
        c.responseHead(ResponseHead.of(200, new Headers()), BodyFraming.CHUNKED);
        assertThatThrownBy(() -> c.end(Headers.of("Content-Length", "1"))).hasMessageContaining("is not allowed");
    }

    @Test
    void httpDateIsImfFixdateCachedPerSecond() {
        assertThat(HttpWriter.httpDate(784111777000L)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        String a = HttpWriter.httpDate(784111777001L);
        assertThat(HttpWriter.httpDate(784111777999L)).isSameAs(a);
        assertThat(HttpWriter.httpDate(784111778000L)).isEqualTo("Sun, 06 Nov 1994 08:49:38 GMT");
        assertThat(HttpWriter.httpDate(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
