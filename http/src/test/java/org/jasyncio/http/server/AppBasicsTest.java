package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.testing.AsyncTest;

class AppBasicsTest {
    record Item(String name, int count) {}

    static App app() {
        App app = new App();
        app.get("/", r -> "hello");
        app.get("/items/{id}", r -> new Item("item" + r.pathParam("id", int.class), 2));
        app.post("/items", r -> Response.json(r.json(Item.class)).status(201));
        app.get("/bytes", r -> new byte[] {1, 2, 3});
        app.delete("/items/{id}", r -> null);
        app.get("/slow", r -> {
            Asyncio.sleep(0.05); // the subject: a slow first answer that the pipelined ones must not overtake
            return Map.of("message", "late");
        });
        return app;
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void curlGetsTextJsonBytesAnd404And405() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var hello = Peers.curl(runner.url() + "/");
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello");
            assertThat(hello.out()).containsIgnoringCase("content-type: text/plain; charset=utf-8");

            var item = Peers.curl(runner.url() + "/items/7");
            assertThat(item.status()).isEqualTo(200);
            assertThat(item.body()).isEqualTo("{\"name\":\"item7\",\"count\":2}");

            var created = Peers.curl(
                    "-X",
                    "POST",
                    "-H",
                    "Content-Type: application/json",
                    "--data",
                    "{\"name\":\"pen\",\"count\":3}",
                    runner.url() + "/items");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body()).isEqualTo("{\"name\":\"pen\",\"count\":3}");

            assertThat(Peers.curl(runner.url() + "/nope").status()).isEqualTo(404);
            var notAllowed = Peers.curl("-X", "PUT", runner.url() + "/items/7");
            assertThat(notAllowed.status()).isEqualTo(405);
            assertThat(notAllowed.out()).containsIgnoringCase("allow: DELETE, GET, HEAD");
            assertThat(Peers.curl("-X", "DELETE", runner.url() + "/items/7").status())
                    .isEqualTo(204);
            assertThat(Peers.curl(runner.url() + "/slow").body()).isEqualTo("{\"message\":\"late\"}");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void pythonHttpClientKeepsOneConnectionForManyRequests() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            String out = Peers.python("""
                    import http.client, sys
                    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
                    for i in range(5):
                        c.request('GET', '/items/%d' % i)
                        r = c.getresponse()
                        print(r.status, r.read().decode())
                    c.request('HEAD', '/')
                    r = c.getresponse()
                    print(r.status, r.getheader('Content-Length'), repr(r.read()))
                    c.request('POST', '/items', body=b'{"name":"x","count":1}', headers={'Content-Type': 'application/json'})
                    r = c.getresponse()
                    print(r.status, r.read().decode())
                    """, String.valueOf(runner.port()));
            assertThat(out.lines().toList())
                    .containsExactly(
                            "200 {\"name\":\"item0\",\"count\":2}",
                            "200 {\"name\":\"item1\",\"count\":2}",
                            "200 {\"name\":\"item2\",\"count\":2}",
                            "200 {\"name\":\"item3\",\"count\":2}",
                            "200 {\"name\":\"item4\",\"count\":2}",
                            "200 5 b''",
                            "201 {\"name\":\"x\",\"count\":1}");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            String out = Peers.raw(
                    runner.port(),
                    "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            List<Integer> order = List.of(out.indexOf("late"), out.indexOf("item1"), out.lastIndexOf("hello"));
            assertThat(order).doesNotContain(-1).isSorted();
            assertThat(Peers.count(out, "HTTP/1.1 200 OK")).isEqualTo(4);
            assertThat(Peers.count(out, "hello")).isEqualTo(1); // HEAD had no body
        }
    }
}
