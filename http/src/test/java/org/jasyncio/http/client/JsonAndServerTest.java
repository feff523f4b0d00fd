package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.jasyncio.http.json.JsonException;
import org.jasyncio.http.json.TypeRef;
import org.jasyncio.http.server.App;
import org.jasyncio.http.server.Response;
import org.jasyncio.testing.AsyncTest;

/** The client against jasyncio's own server: JSON both ways, keep-alive, a large body. */
class JsonAndServerTest {

    static App app() {
        App app = new App();
        app.post("/echo", req -> Response.json(req.json(Object.class)));
        app.get(
                "/items",
                req -> Response.json(List.of(Map.of("name", "pen", "count", 2), Map.of("name", "ink", "count", 5))));
        app.get("/big", req -> Response.text("z".repeat(1_000_000)));
        app.get("/not-json", req -> Response.text("plain"));
        return app;
    }

    @AsyncTest
    void jsonGoesOutAndComesBackThroughTheSessionsCodec() throws Exception {
        try (var runner = app().start("127.0.0.1", 0);
                var session = ClientSession.builder().baseUrl(runner.url()).build()) {
            Map<?, ?> echoed = session.post("/echo", RequestBody.json(Map.of("a", 1, "b", List.of("x"))))
                    .json(Map.class);
            assertThat(echoed).isEqualTo(Map.of("a", 1, "b", List.of("x")));
            List<Map<String, Object>> items =
                    session.get("/items").json(new TypeRef<List<Map<String, Object>>>() {}.type());
            assertThat(items).extracting(m -> m.get("name")).containsExactly("pen", "ink");
            assertThat(session.get("/big").bytes()).hasSize(1_000_000);
            assertThatThrownBy(() -> session.get("/not-json").json(Map.class)).isInstanceOf(JsonException.class);
            assertThat(session.pool().created()).isEqualTo(1);
            assertThat(session.pool().reused()).isEqualTo(3);
        }
    }

    @AsyncTest
    void manyConcurrentFetchesShareALimitedPoolFairly() throws Exception {
        App app = new App();
        app.get("/page/{n}", req -> {
            // the subject: answers of varied latency (virtual time), so that fetches finish out of order
            org.jasyncio.Asyncio.sleep(0.01 * (Integer.parseInt(req.pathParam("n")) % 5));
            return Response.text("page " + req.pathParam("n"));
        });
        try (var runner = app.start("127.0.0.1", 0);
                var session = ClientSession.builder()
                        .baseUrl(runner.url())
                        .limitPerHost(8)
                        .build()) {
            List<org.jasyncio.Task<String>> fetches = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                fetches.add(org.jasyncio.Asyncio.createTask(
                        () -> session.get("/page/" + n).text()));
            }
            List<String> pages = org.jasyncio.Asyncio.gather(fetches);
            for (int i = 0; i < 100; i++) {
                assertThat(pages.get(i)).isEqualTo("page " + i);
            }
            assertThat(session.pool().created()).isLessThanOrEqualTo(8);
            assertThat(session.pool().created() + session.pool().reused()).isEqualTo(100);
            assertThat(session.statistics()).contains("inUse=0", "waiting=0");
        }
    }
}
