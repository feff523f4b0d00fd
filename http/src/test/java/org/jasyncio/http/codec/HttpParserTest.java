package org.jasyncio.http.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jasyncio.http.Headers;
import org.jasyncio.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** The parser's API, limits, states and heads; the wire rules are in the case files. */
class HttpParserTest {

    private static byte[] b(String s) {
        return s.getBytes(ISO_8859_1);
    }

    private static HttpParseException reject(HttpParser p, String input) {
        p.feed(b(input));
        try {
            for (int i = 0; i < 1000; i++) {
                if (p.next() instanceof HttpEvent.NeedData) {
                    throw new AssertionError("accepted: " + input);
                }
            }
        } catch (HttpParseException e) {
            assertThat(p.state()).isEqualTo(HttpParser.State.ERROR);
            return e;
        }
        throw new AssertionError("no verdict");
    }

    @Test
    void bodySlicesAliasTheFedArray() {
        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        byte[] in = b("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody");
        p.feed(in, 0, in.length);
        p.next();
        HttpEvent.Data d = (HttpEvent.Data) p.next();
        assertThat(d.array()).isSameAs(in);
        assertThat(d.offset()).isEqualTo(in.length - 4);
        assertThat(d.length()).isEqualTo(4);
        assertThat(d.toString()).isEqualTo("Data[length=4]");
    }

    @Test
    void leftoverOfAHeadSurvivesTheCallersBufferBeingReused() {
        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        byte[] buf = b("GET /a HTTP/1.1\r\nHo");
        p.feed(buf, 0, buf.length);
        assertThat(p.next()).isSameAs(HttpEvent.NeedData.INSTANCE);
        java.util.Arrays.fill(buf, (byte) 'X'); // the caller reuses its buffer
        byte[] rest = b("st: a\r\n\r\n");
        p.feed(rest, 0, rest.length);
        RequestHead h = (RequestHead) p.next();
        assertThat(h.target()).isEqualTo("/a");
        assertThat(h.headers().get("host")).isEqualTo("a");
    }

    @Test
    void aLargeHeadFedOneByteAtATimeGrowsTheBufferInPlace() {
        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        String value = "v".repeat(15_000);
        byte[] in = b("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + value + "\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
        int heads = 0;
        for (byte x : in) {
            p.feed(new byte[] {x});
            for (HttpEvent e = p.next(); !(e instanceof HttpEvent.NeedData); e = p.next()) {
                if (e instanceof RequestHead h) {
                    heads++;
                    assertThat(h.headers().get("X-Big")).isEqualTo(heads == 1 ? value : null);
                }
            }
        }
        assertThat(heads).isEqualTo(2);
        assertThat(p.offset()).isEqualTo(in.length);
    }

    @Test
    void limitsAnswer414And431And413() {
        HttpLimits small = HttpLimits.defaults()
                .withMaxRequestLine(32)
                .withMaxHeaderBytes(64)
                .withMaxHeaderCount(3)
                .withMaxBodySize(10)
                .withMaxChunkExtension(8);
        HttpParseException e = reject(HttpParser.forRequests(small), "GET /" + "a".repeat(40));
        assertThat(e.status()).isEqualTo(414);
        assertThat(e.rule()).isEqualTo("request line longer than 32 bytes");
        assertThat(reject(HttpParser.forRequests(small), "GET / HTTP/1.1\r\nX: " + "v".repeat(80))
                        .status())
                .isEqualTo(431);
        assertThat(reject(HttpParser.forRequests(small), "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n")
                        .rule())
                .isEqualTo("more than 3 header fields");
        assertThat(reject(HttpParser.forRequests(small), "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n")
                        .status())
                .isEqualTo(413);
        assertThat(reject(
                                HttpParser.forRequests(small),
                                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n")
                        .status())
                .isEqualTo(413);
        assertThat(reject(
                                HttpParser.forRequests(small),
                                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;abcdefghi\r\n")
                        .rule())
                .startsWith("chunk extensions longer than 8 bytes");
        assertThat(reject(
                                HttpParser.forRequests(small),
                                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "a".repeat(80))
                        .rule())
                .startsWith("chunk-size line longer than");
        HttpParser trailers = HttpParser.forRequests(small);
        assertThat(reject(
                                trailers,
                                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + "T: "
                                        + "t".repeat(80))
                        .status())
                .isEqualTo(431);
        assertThat(HttpLimits.defaults()).isEqualTo(new HttpLimits(8192, 16384, 100, -1, 4096));
        assertThatThrownBy(() -> HttpLimits.defaults().withMaxHeaderCount(0))
                .hasMessageContaining("maxHeaderCount must be >= 1");
    }

    @Test
    void exactlyAtTheLimitsIsAccepted() {
        HttpLimits limits = HttpLimits.defaults().withMaxRequestLine(32).withMaxHeaderCount(2);
        HttpParser p = HttpParser.forRequests(limits);
        String line = "GET /" + "a".repeat(32 - 14) + " HTTP/1.1";
        assertThat(line).hasSize(32);
        p.feed(b(line + "\r\nHost: a\r\nX: y\r\n\r\n"));
        assertThat(p.next()).isInstanceOf(RequestHead.class);
    }

    @Test
    void anErrorLeavesTheParserInErrorWithTheOffset() {
        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        HttpParseException e = reject(p, "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n");
        assertThat(e.offset()).isEqualTo(19);
        assertThat(e.getMessage()).contains("at byte 19").contains("status 400");
        assertThatThrownBy(p::next)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after a parse error");
        assertThatThrownBy(() -> p.feed(new byte[1])).hasMessageContaining("ERROR");
    }

    @Test
    void keepAliveExpectContinueAndAuthority() {
        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        p.feed(b("PUT http://example.com:81/x?y HTTP/1.1\r\nHost: other\r\nExpect: 100-Continue\r\n"
                + "Content-Length: 0\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        RequestHead h = (RequestHead) p.next();
        assertThat(h.expectsContinue()).isTrue();
        assertThat(h.keepAlive()).isTrue();
        assertThat(h.isAbsoluteForm()).isTrue();
        assertThat(h.authority()).isEqualTo("example.com:81");
        assertThat(h.pathAndQuery()).isEqualTo("/x?y");
        assertThat(h.framing()).isEqualTo(BodyFraming.length(0));
        assertThat(p.next()).isInstanceOf(HttpEvent.EndOfMessage.class);
        RequestHead h10 = (RequestHead) p.next();
        assertThat(h10.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(h10.keepAlive()).isTrue();
        assertThat(h10.expectsContinue()).isFalse();
        assertThat(h10.authority()).isEmpty();
        assertThat(RequestHead.of("GET", "/p", Headers.of("Host", "h", "Connection", "close"))
                        .keepAlive())
                .isFalse();
        assertThat(new RequestHead("GET", "/", HttpVersion.HTTP_1_0, new Headers()).keepAlive())
                .isFalse();
        assertThat(RequestHead.of("GET", "http://h", new Headers()).pathAndQuery())
                .isEqualTo("/");
        assertThat(RequestHead.of("CONNECT", "h:443", new Headers()).authority())
                .isEqualTo("h:443");
    }

    @Test
    void responsesFollowTheQueuedRequestMethods() {
        HttpParser p = HttpParser.forResponses(HttpLimits.defaults());
        p.expectResponseTo("HEAD");
        p.expectResponseTo("GET");
        p.feed(b("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        ResponseHead first = (ResponseHead) p.next();
        assertThat(first.framing("HEAD")).isEqualTo(BodyFraming.NONE);
        assertThat(first.framing("GET")).isEqualTo(BodyFraming.length(5));
        assertThat(p.next()).isInstanceOf(HttpEvent.EndOfMessage.class);
        assertThat(p.next()).isInstanceOf(ResponseHead.class);
        assertThat(((HttpEvent.Data) p.next()).length()).isEqualTo(2);
        assertThat(p.next()).isInstanceOf(HttpEvent.EndOfMessage.class);
        assertThat(ResponseHead.of(200, new Headers()).keepAlive())
                .as("until close")
                .isFalse();
        assertThat(ResponseHead.of(200, Headers.of("Content-Length", "1")).keepAlive())
                .isTrue();
        assertThat(ResponseHead.of(204, new Headers()).keepAlive()).isTrue();
        assertThatThrownBy(() -> HttpParser.forRequests(HttpLimits.defaults()).expectResponseTo("GET"))
                .hasMessageContaining("is for a response parser");
        assertThatThrownBy(() -> new ResponseHead(42, "", HttpVersion.HTTP_1_1, new Headers()))
                .hasMessageContaining("three digits");
    }

    @Test
    void switchingProtocolsHandsTheRestOver() {
        HttpParser p = HttpParser.forResponses(HttpLimits.defaults());
        p.feed(b("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nRAW"));
        assertThat(p.next()).isInstanceOf(ResponseHead.class);
        assertThat(p.next()).isInstanceOf(HttpEvent.EndOfMessage.class);
        assertThat(p.state()).isEqualTo(HttpParser.State.SWITCHED);
        assertThatThrownBy(p::next).hasMessageContaining("protocol switch");
        assertThat(new String(p.takeRemaining(), ISO_8859_1)).isEqualTo("RAW");
        assertThatThrownBy(() -> p.feed(b("x"))).hasMessageContaining("SWITCHED");

        HttpParser server = HttpParser.forRequests(HttpLimits.defaults());
        server.feed(b("GET /ws HTTP/1.1\r\nHost: a\r\nConnection: close, Upgrade\r\nUpgrade: websocket\r\n\r\nFRAME"));
        server.next();
        server.next();
        assertThat(server.state())
                .as("an upgrade request waits for the server's decision")
                .isEqualTo(HttpParser.State.IDLE);
        assertThat(new String(server.takeRemaining(), ISO_8859_1)).isEqualTo("FRAME");
        assertThat(server.takeRemaining()).isEmpty();
        HttpParser inBody = HttpParser.forRequests(HttpLimits.defaults());
        inBody.feed(b("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc"));
        inBody.next();
        assertThatThrownBy(inBody::takeRemaining).hasMessageContaining("needs state SWITCHED or IDLE");
    }

    @Test
    void eofAndClosingStates() {
        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        p.feed(b("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\n"));
        p.next();
        p.next();
        assertThat(p.state()).isEqualTo(HttpParser.State.MUST_CLOSE);
        assertThat(p.next()).isSameAs(HttpEvent.NeedData.INSTANCE);
        p.feed(b("more ignored"));
        assertThat(p.next()).isSameAs(HttpEvent.NeedData.INSTANCE);
        p.feedEof();
        assertThat(p.next()).isSameAs(HttpEvent.ConnectionClosed.INSTANCE);
        assertThat(p.state()).isEqualTo(HttpParser.State.CLOSED);
        assertThat(p.next()).isSameAs(HttpEvent.ConnectionClosed.INSTANCE);
        assertThatThrownBy(() -> p.feed(b("x"))).hasMessageContaining("after feedEof()");
        assertThat(p.toString()).contains("requests").contains("CLOSED");
    }

    @Test
    void statusesOfRejections() {
        assertThat(reject(HttpParser.forRequests(HttpLimits.defaults()), "GET / HTTP/3.0\r\n")
                        .status())
                .isEqualTo(505);
        assertThat(reject(
                                HttpParser.forRequests(HttpLimits.defaults()),
                                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                        .status())
                .isEqualTo(501);
        assertThat(reject(HttpParser.forResponses(HttpLimits.defaults()), "HTTP/1.1 200 OK\r\nA : b\r\n")
                        .status())
                .isEqualTo(502);
    }
}
