package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

class CookieJarTest {
    final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    final CookieJar jar = new CookieJar(now::get);

    @Test
    void hostOnlyCookiesGoToTheirHostAndDomainCookiesToSubdomains() {
        jar.update(URI.create("http://www.example.com/a/b"), List.of("host=1", "dom=2; Domain=.example.com; Path=/"));
        assertThat(jar.header(URI.create("http://www.example.com/a/c"))).isEqualTo("host=1; dom=2"); // path /a first
        assertThat(jar.header(URI.create("http://api.example.com/"))).isEqualTo("dom=2");
        assertThat(jar.header(URI.create("http://example.com/"))).isEqualTo("dom=2");
        assertThat(jar.header(URI.create("http://other.org/"))).isNull();
        assertThat(jar.header(URI.create("http://www.example.com/b"))).isEqualTo("dom=2"); // host's default path is /a
    }

    @Test
    void aServerCannotSetCookiesForAnotherDomain() {
        jar.update(URI.create("http://evil.com/"), List.of("x=1; Domain=example.com", "noequals", "=novalue"));
        assertThat(jar.size()).isZero();
    }

    @Test
    void pathsMatchOnSegmentsAndLongerPathsComeFirst() {
        URI u = URI.create("http://h.test/");
        jar.update(u, List.of("a=1; Path=/docs", "b=2; Path=/", "c=3; Path=/docs/api"));
        assertThat(jar.header(URI.create("http://h.test/docs/api/x"))).isEqualTo("c=3; a=1; b=2");
        assertThat(jar.header(URI.create("http://h.test/docsearch"))).isEqualTo("b=2");
        assertThat(jar.header(URI.create("http://h.test/docs"))).isEqualTo("a=1; b=2");
    }

    @Test
    void maxAgeAndExpiresEndCookiesAndMaxAgeWins() {
        URI u = URI.create("http://h.test/");
        jar.update(
                u,
                List.of(
                        "short=1; Max-Age=10",
                        "dated=2; Expires=Wed, 15 Nov 2023 00:00:00 GMT",
                        "both=3; Max-Age=100; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
        assertThat(jar.header(u)).isEqualTo("short=1; dated=2; both=3");
        now.addAndGet(11_000);
        assertThat(jar.header(u)).isEqualTo("dated=2; both=3");
        jar.update(u, List.of("dated=gone; Max-Age=0"));
        assertThat(jar.header(u)).isEqualTo("both=3");
        now.addAndGet(100_000);
        assertThat(jar.header(u)).isNull();
        assertThat(jar.cookies()).isEmpty();
    }

    @Test
    void secureCookiesTravelOnlyOverHttpsAndOnlyHttpsMaySetThem() {
        jar.update(URI.create("https://h.test/"), List.of("s=1; Secure; HttpOnly"));
        jar.update(URI.create("http://h.test/"), List.of("t=2; Secure"));
        assertThat(jar.header(URI.create("https://h.test/"))).isEqualTo("s=1");
        assertThat(jar.header(URI.create("http://h.test/"))).isNull();
        assertThat(jar.cookies()).singleElement().satisfies(c -> {
            assertThat(c.secure()).isTrue();
            assertThat(c.httpOnly()).isTrue();
            assertThat(c.hostOnly()).isTrue();
        });
    }

    @AsyncTest
    void aSessionSendsBackWhatItsServerSet() throws Exception {
        try (var s = serve((req, w, r) -> {
                    if (req.target().equals("/login")) {
                        respond(w, 302, "", "Set-Cookie", "sid=abc; Path=/; HttpOnly", "Location", "/me");
                    } else {
                        respond(w, 200, "cookie=" + req.header("cookie"));
                    }
                    return true;
                });
                var session = new ClientSession()) {
            assertThat(session.get(s.url("/login")).text())
                    .isEqualTo("cookie=sid=abc"); // set on the redirect, sent on its target
            assertThat(session.get(s.url("/again")).text()).isEqualTo("cookie=sid=abc");
            assertThat(session.cookieJar().cookies()).extracting(Cookie::name).containsExactly("sid");
            session.cookieJar().clear();
            assertThat(session.get(s.url("/again")).text()).isEqualTo("cookie=null");
        }
    }
}
