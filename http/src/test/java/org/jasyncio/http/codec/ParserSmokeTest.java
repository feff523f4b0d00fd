package org.jasyncio.http.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParserSmokeTest {
    @Test
    void parsesASimpleRequest() {
        HttpParser p = HttpParser.forRequests(HttpLimits.defaults());
        byte[] b = "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc".getBytes(ISO_8859_1);
        p.feed(b, 0, b.length);
        RequestHead head = (RequestHead) p.next();
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/a");
        HttpEvent.Data d = (HttpEvent.Data) p.next();
        assertThat(new String(d.toByteArray(), ISO_8859_1)).isEqualTo("abc");
        assertThat(p.next()).isInstanceOf(HttpEvent.EndOfMessage.class);
        assertThat(p.next()).isSameAs(HttpEvent.NeedData.INSTANCE);
    }
}
