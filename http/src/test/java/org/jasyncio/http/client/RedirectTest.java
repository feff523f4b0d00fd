package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import org.jasyncio.testing.AsyncTest;

class RedirectTest {

    /** Answers /echo with what it got; /to/STATUS?PATH redirects with STATUS to PATH. */
    static Fixtures.TestServer server(String otherOrigin) throws Exception {
        return serve((req, w, r) -> {
            if (req.target().startsWith("/to/")) {
                String status = req.target().substring(4, 7);
                String location = req.target().substring(8);
                respond(
                        w,
                        Integer.parseInt(status),
                        "redirecting",
                        "Location",
                        location.startsWith("other") ? otherOrigin + location.substring(5) : location);
            } else {
                respond(
                        w,
                        200,
                        req.method() + " " + req.target() + " auth=" + req.header("authorization") + " type="
                                + req.header("content-type") + " body=" + req.text());
            }
            return true;
        });
    }

    @AsyncTest
    void statusesRewriteTheMethodAsRfc9110Says() throws Exception {
        try (var s = server("");
                var session = ClientSession.builder().baseUrl(s.url("/")).build()) {
            var body = RequestBody.text("data");
            assertThat(session.post("/to/302?/echo", body).text()).isEqualTo("GET /echo auth=null type=null body=");
            assertThat(session.post("/to/301?/echo", body).text()).isEqualTo("GET /echo auth=null type=null body=");
            assertThat(session.put("/to/303?/echo", body).text()).isEqualTo("GET /echo auth=null type=null body=");
            assertThat(session.post("/to/307?/echo", body).text())
                    .isEqualTo("POST /echo auth=null type=text/plain; charset=utf-8 body=data");
            assertThat(session.put("/to/308?/echo", body).text())
                    .isEqualTo("PUT /echo auth=null type=text/plain; charset=utf-8 body=data");
            assertThat(session.put("/to/302?/echo", body).text())
                    .isEqualTo("PUT /echo auth=null type=text/plain; charset=utf-8 body=data"); // only POST becomes GET
            var resp = session.get("/to/302?/to/301?/echo");
            assertThat(resp.text()).isEqualTo("GET /echo auth=null type=null body=");
            assertThat(resp.url().getPath()).isEqualTo("/echo");
            assertThat(resp.history()).extracting(ClientResponse::status).containsExactly(302, 301);
            assertThat(s.connections.get()).isEqualTo(1);
        }
    }

    @AsyncTest
    void aStreamedBodyIsNotSentTwiceAndTheRedirectIsReturned() throws Exception {
        try (var s = server("");
                var session = ClientSession.builder().baseUrl(s.url("/")).build()) {
            var resp =
                    session.post("/to/307?/echo", RequestBody.stream(java.util.List.of("x".getBytes()), "text/plain"));
            assertThat(resp.status()).isEqualTo(307);
            assertThat(resp.headers().get("Location")).isEqualTo("/echo");
            resp.close();
        }
    }

    @AsyncTest
    void authorizationStaysWithinItsOriginAndIsDroppedAcrossOrigins() throws Exception {
        try (var other = server("");
                var s = server("http://127.0.0.1:" + other.port());
                var session = ClientSession.builder()
                        .baseUrl(s.url("/"))
                        .header("Authorization", "Bearer secret")
                        .build()) {
            assertThat(session.get("/to/302?/echo").text()).isEqualTo("GET /echo auth=Bearer secret type=null body=");
            assertThat(session.get("/to/302?other/echo").text()).isEqualTo("GET /echo auth=null type=null body=");
            assertThat(other.requests).hasSize(1);
        }
    }

    @AsyncTest
    void redirectsCanBeTurnedOffOrLimited() throws Exception {
        try (var s = server("");
                var session = ClientSession.builder().baseUrl(s.url("/")).build()) {
            var resp = session.get("/to/302?/echo", RequestOptions.of().withRedirects(false));
            assertThat(resp.status()).isEqualTo(302);
            assertThat(resp.text()).isEqualTo("redirecting");
            assertThatThrownBy(() ->
                            session.get("/to/302?/echo", RequestOptions.of().withMaxRedirects(0)))
                    .isInstanceOf(TooManyRedirects.class)
                    .hasMessageContaining("more than 0");
            assertThat(session.get("/to/302?/echo", RequestOptions.of().withMaxRedirects(1))
                            .text())
                    .startsWith("GET /echo");
            assertThat(session.head("/to/302?/echo").status()).isEqualTo(302); // HEAD does not follow by default
            assertThat(session.head("/to/302?/echo", RequestOptions.of()).status())
                    .isEqualTo(302);
            // followed when asked; this server wrongly sends a body to HEAD: the connection is dropped, not reused
            assertThat(session.head("/to/302?/echo", RequestOptions.of().withRedirects(true))
                            .status())
                    .isEqualTo(200);
            assertThatThrownBy(() -> session.get("/to/302?ftp://elsewhere/"))
                    .isInstanceOf(InvalidUrl.class)
                    .hasMessageContaining("the scheme must be http or https");
            assertThat(session.pool().inUse()).isZero();
        }
    }

    @AsyncTest
    void raiseForStatusSessionsRaiseOnTheFinalResponse() throws Exception {
        try (var s = server("");
                var session = ClientSession.builder()
                        .baseUrl(s.url("/"))
                        .raiseForStatus(true)
                        .build()) {
            assertThat(session.get("/to/302?/echo").text()).startsWith("GET /echo");
            assertThatThrownBy(() -> session.get("/to/302?/to/404?/x")).isInstanceOf(ClientResponseError.class);
        }
    }
}
