package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import java.net.URI;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

class ProxyTest {

    /** A forwarding proxy that answers for the origin itself, saying what it was asked. */
    static Fixtures.TestServer proxy() throws Exception {
        return serve((req, w, r) -> {
            if (req.method().equals("CONNECT")) {
                respond(w, 407, "who are you?", "Proxy-Authenticate", "Basic realm=\"test\"");
                return false;
            }
            respond(
                    w,
                    200,
                    "proxied " + req.method() + " " + req.target() + " host=" + req.header("host") + " auth="
                            + req.header("proxy-authorization"));
            return true;
        });
    }

    @AsyncTest
    void httpRequestsGoToTheProxyWithAbsoluteTargetsAndShareItsConnections() throws Exception {
        try (var proxy = proxy();
                var session = ClientSession.builder()
                        .proxy("http://user:p%40ss@127.0.0.1:" + proxy.port(), null)
                        .build()) {
            assertThat(session.get("http://example.test/path?q=1#frag").text())
                    .isEqualTo("proxied GET http://example.test/path?q=1 host=example.test auth=Basic dXNlcjpwQHNz");
            assertThat(session.post("http://other.test:8080/", RequestBody.text("x"))
                            .text())
                    .isEqualTo("proxied POST http://other.test:8080/ host=other.test:8080 auth=Basic dXNlcjpwQHNz");
            assertThat(proxy.connections.get()).isEqualTo(1);
        }
    }

    @AsyncTest
    void noProxyHostsAreReachedDirectly() throws Exception {
        try (var proxy = proxy();
                var direct = serve((req, w, r) -> {
                    respond(w, 200, "direct " + req.target());
                    return true;
                });
                var session = ClientSession.builder()
                        .proxy("127.0.0.1:" + proxy.port(), "localhost, .internal.test,127.0.0.1")
                        .build()) {
            assertThat(session.get(direct.url("/x")).text()).isEqualTo("direct /x");
            assertThat(session.get("http://elsewhere.test/").text()).startsWith("proxied GET http://elsewhere.test/");
        }
    }

    @Test
    void noProxyMatchesHostsSubdomainsPortsAndStar() throws Exception {
        Proxy p = Proxy.parse("http://proxy.test:3128", "example.com, .internal.test, 10.0.0.1, api.test:8443");
        assertThat(p.appliesTo(Origin.of(URI.create("http://example.com/")))).isFalse();
        assertThat(p.appliesTo(Origin.of(URI.create("http://www.example.com/"))))
                .isFalse();
        assertThat(p.appliesTo(Origin.of(URI.create("http://notexample.com/")))).isTrue();
        assertThat(p.appliesTo(Origin.of(URI.create("https://a.internal.test/"))))
                .isFalse();
        assertThat(p.appliesTo(Origin.of(URI.create("http://10.0.0.1:9000/")))).isFalse();
        assertThat(p.appliesTo(Origin.of(URI.create("http://10.0.0.12/")))).isTrue();
        assertThat(p.appliesTo(Origin.of(URI.create("https://api.test:8443/")))).isFalse();
        assertThat(p.appliesTo(Origin.of(URI.create("https://api.test/")))).isTrue();
        assertThat(Proxy.parse("proxy.test", "*").appliesTo(Origin.of(URI.create("http://any.test/"))))
                .isFalse();
        assertThat(Proxy.parse("proxy.test", null).port()).isEqualTo(80);
    }

    @AsyncTest
    void aRefusedTunnelIsAClientProxyErrorWithTheProxysStatus() throws Exception {
        try (var proxy = proxy();
                var session = ClientSession.builder()
                        .proxy("http://127.0.0.1:" + proxy.port(), null)
                        .build()) {
            assertThatThrownBy(() -> session.get("https://secure.test/"))
                    .isInstanceOfSatisfying(
                            ClientProxyError.class, e -> assertThat(e.status()).isEqualTo(407))
                    .hasMessageContaining("refused CONNECT secure.test:443 for https://secure.test/: 407");
            assertThat(proxy.requests).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("CONNECT");
                assertThat(r.target()).isEqualTo("secure.test:443");
            });
            assertThat(session.pool().open()).isZero();
        }
    }

    @AsyncTest
    void badProxyUrlsAreInvalidUrls() {
        assertThatThrownBy(() -> ClientSession.builder().proxy("socks5://127.0.0.1:1080", null))
                .isInstanceOf(InvalidUrl.class)
                .hasMessageContaining("only http:// proxies are supported");
    }
}
