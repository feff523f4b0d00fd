package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jasyncio.Asyncio;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

class TypedEndpointsTest {
    public enum Color {
        RED,
        GREEN
    }

    public record Dimensions(double width, double height) {}

    public record Item(String name, int count, Optional<String> note, Dimensions size, LocalDate added) {
        public Item {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
        }
    }

    public static final class Api {
        @Get(value = "/items/{id}", summary = "One item")
        public Item get(int id, Optional<Color> color, @HeaderParam("X-Token") Optional<String> token) {
            Asyncio.sleep(0.01); // the subject: an endpoint method is a coroutine and may await
            return new Item(
                    "item" + id + color.map(c -> "-" + c).orElse("")
                            + token.map(t -> "-" + t).orElse(""),
                    id,
                    Optional.empty(),
                    new Dimensions(1, 2),
                    LocalDate.of(2026, 12, 4));
        }

        @Get("/search")
        public List<String> search(String q, @QueryParam(defaultValue = "10") int limit, List<String> tag) {
            return List.of(q, String.valueOf(limit), String.join("+", tag));
        }

        @Post(value = "/items", status = 201)
        public Item create(Item item, boolean dryRun) {
            return item;
        }

        @Delete("/items/{id}")
        public void delete(int id) {}

        @Get("/raw/{name}")
        public Response raw(String name, Request request) {
            return Response.text(name + " " + request.method());
        }

        @Get("/maybe/{id}")
        public Optional<Item> maybe(int id) {
            return Optional.empty();
        }
    }

    static App app() {
        return new App().info("Items", "1.2.3").endpoints(new Api());
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void bindsPathQueryHeaderAndBody() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var one = Peers.curl("-H", "X-Token: t1", runner.url() + "/items/3?color=GREEN");
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.body())
                    .isEqualTo("{\"name\":\"item3-GREEN-t1\",\"count\":3,\"note\":null,"
                            + "\"size\":{\"width\":1.0,\"height\":2.0},\"added\":\"2026-12-04\"}");
            assertThat(Peers.curl(runner.url() + "/search?q=pen&tag=a&tag=b").body())
                    .isEqualTo("[\"pen\",\"10\",\"a+b\"]");
            var created = Peers.curl(
                    "-X",
                    "POST",
                    "--data",
                    "{\"name\":\"pen\",\"count\":2,\"note\":\"blue\",\"size\":{\"width\":3,\"height\":4},\"added\":\"2026-01-02\"}",
                    runner.url() + "/items?dryRun=yes");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.body()).contains("\"note\":\"blue\"", "\"added\":\"2026-01-02\"");
            assertThat(Peers.curl("-X", "DELETE", runner.url() + "/items/3").status())
                    .isEqualTo(204);
            assertThat(Peers.curl(runner.url() + "/raw/x").body()).isEqualTo("x GET");
            assertThat(Peers.curl(runner.url() + "/maybe/1").status()).isEqualTo(404);
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void invalidInputIs422WithEveryProblem() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var badPath = Peers.curl(runner.url() + "/items/abc?color=BLUE");
            assertThat(badPath.status()).isEqualTo(422);
            Map<String, List<Map<String, Object>>> detail =
                    JsonCodec.jackson().decode(badPath.body().getBytes(), Map.class);
            assertThat(detail.get("detail"))
                    .extracting(e -> e.get("loc"))
                    .containsExactly(List.of("path", "id"), List.of("query", "color"));

            var missing = Peers.curl(runner.url() + "/search");
            assertThat(missing.status()).isEqualTo(422);
            assertThat(missing.body()).contains("[\"query\",\"q\"]", "\"missing\"");

            var badBody = Peers.curl(
                    "-X",
                    "POST",
                    "--data",
                    "{\"name\":\"pen\",\"count\":\"many\",\"size\":{\"width\":\"wide\"}}",
                    runner.url() + "/items?dryRun=0");
            assertThat(badBody.status()).isEqualTo(422);
            List<Map<String, Object>> errors = JsonCodec.jackson()
                    .<Map<String, List<Map<String, Object>>>>decode(
                            badBody.body().getBytes(), Map.class)
                    .get("detail");
            assertThat(errors)
                    .extracting(e -> e.get("loc"))
                    .containsExactlyInAnyOrder(
                            List.of("body", "count"),
                            List.of("body", "size", "width"),
                            List.of("body", "size", "height"),
                            List.of("body", "added"));

            var notJson = Peers.curl("-X", "POST", "--data", "{nope", runner.url() + "/items?dryRun=0");
            assertThat(notJson.status()).isEqualTo(422);
            assertThat(notJson.body()).contains("json_invalid");

            var blank = Peers.curl(
                    "-X",
                    "POST",
                    "--data",
                    "{\"name\":\" \",\"count\":1,\"size\":{\"width\":1,\"height\":1},\"added\":\"2026-01-02\"}",
                    runner.url() + "/items?dryRun=0");
            assertThat(blank.status()).isEqualTo(422);
            assertThat(blank.body()).contains("name must not be blank", "value_error");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void servesAnOpenApi31DocumentDerivedFromTheSignatures() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var doc = Peers.curl(runner.url() + "/openapi.json");
            assertThat(doc.status()).isEqualTo(200);
            Map<String, Object> d = JsonCodec.jackson().decode(doc.body().getBytes(), Map.class);
            assertThat(d.get("openapi")).isEqualTo("3.1.0");
            assertThat(d.get("info")).isEqualTo(Map.of("title", "Items", "version", "1.2.3"));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Map<String, Object>>> paths =
                    (Map<String, Map<String, Map<String, Object>>>) d.get("paths");
            assertThat(paths).containsKeys("/items/{id}", "/search", "/items", "/raw/{name}");
            Map<String, Object> get = paths.get("/items/{id}").get("get");
            assertThat(get.get("summary")).isEqualTo("One item");
            assertThat(get.get("parameters"))
                    .isEqualTo(List.of(
                            Map.of(
                                    "name",
                                    "id",
                                    "in",
                                    "path",
                                    "required",
                                    true,
                                    "schema",
                                    Map.of("type", "integer", "format", "int32")),
                            Map.of(
                                    "name",
                                    "color",
                                    "in",
                                    "query",
                                    "required",
                                    false,
                                    "schema",
                                    Map.of("type", "string", "enum", List.of("RED", "GREEN"))),
                            Map.of(
                                    "name",
                                    "X-Token",
                                    "in",
                                    "header",
                                    "required",
                                    false,
                                    "schema",
                                    Map.of("type", "string"))));
            Map<String, Object> post = paths.get("/items").get("post");
            assertThat(post.get("requestBody").toString()).contains("#/components/schemas/Item");
            assertThat(((Map<?, ?>) post.get("responses")).keySet().toString()).isEqualTo("[201, 422]");
            assertThat(paths.get("/items/{id}").get("delete").get("responses").toString())
                    .contains("204");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> schemas =
                    (Map<String, Map<String, Object>>) ((Map<String, Object>) d.get("components")).get("schemas");
            assertThat(schemas.get("Item").get("required")).isEqualTo(List.of("name", "count", "size", "added"));
            assertThat(schemas.get("Item").get("properties").toString())
                    .contains("format=date", "#/components/schemas/Dimensions");
            Peers.python("""
                    import json, sys
                    d = json.loads(sys.argv[1])
                    assert d['openapi'] == '3.1.0'
                    assert set(d['paths']['/items']) == {'post'}
                    """, doc.body());
        }
    }

    public static final class TwoBodies {
        @Post("/x")
        public void x(Item a, Item b) {}
    }

    public static final class Unbound {
        @Get("/x/{id}")
        public void x() {}
    }

    @Test
    void badSignaturesAreRefusedAtRegistrationNamingTheMethod() {
        assertThatThrownBy(() -> new App().endpoints(new TwoBodies()))
                .hasMessageContaining("TwoBodies.x()")
                .hasMessageContaining("two body parameters");
        assertThatThrownBy(() -> new App().endpoints(new Unbound()))
                .hasMessageContaining("Unbound.x()")
                .hasMessageContaining("{id}");
        assertThatThrownBy(() -> new App().endpoints(new Object())).hasMessageContaining("no public method");
    }
}
