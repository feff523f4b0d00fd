package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routing, path patterns and text conversions, without sockets. */
class RouterTest {
    static Router router(App app) {
        List<Router.Entry> entries = new ArrayList<>();
        Router.flatten(app, "", List.of(), entries);
        return new Router(entries);
    }

    @Test
    void matchesInOrderWithDecodedParametersAndHeadFallsBackToGet() {
        App app = new App();
        Route byId = app.get("/items/{id:\\d+}", r -> "id");
        Route byName = app.get("/items/{name}", r -> "name");
        Route rest = app.get("/files/{path:.*}", r -> "file");
        Route any = app.route("*", "/any", r -> "any");
        Router router = router(app);
        assertThat(router.resolve("GET", "/items/42").entry().route()).isSameAs(byId);
        Router.Match m = router.resolve("GET", "/items/a%2Fb%20c");
        assertThat(m.entry().route()).isSameAs(byName);
        assertThat(m.params()).isEqualTo(Map.of("name", "a/b c")); // %2F stays inside its segment
        assertThat(router.resolve("HEAD", "/files/a/b.txt").params()).isEqualTo(Map.of("path", "a/b.txt"));
        assertThat(router.resolve("HEAD", "/files/a/b.txt").entry().route()).isSameAs(rest);
        assertThat(router.resolve("PURGE", "/any").entry().route()).isSameAs(any);
        assertThatThrownBy(() -> router.resolve("GET", "/items")).isInstanceOf(HttpNotFound.class);
        assertThatThrownBy(() -> router.resolve("POST", "/items/1"))
                .isInstanceOfSatisfying(HttpMethodNotAllowed.class, e -> {
                    assertThat(e.allowed()).containsExactly("GET", "HEAD");
                    assertThat(e.headers().get("Allow")).isEqualTo("GET, HEAD");
                });
    }

    @Test
    void subAppRoutesGetThePrefixAndTheirMiddlewaresAfterTheParents() {
        Middleware outer = (r, n) -> n.handle(r);
        Middleware inner = (r, n) -> n.handle(r);
        App root = new App().middleware(outer);
        App api = new App().middleware(inner);
        Route items = api.get("/items", r -> "x");
        root.addSubapp("/api", api);
        Router.Match m = router(root).resolve("GET", "/api/items");
        assertThat(m.entry().route()).isSameAs(items);
        assertThat(m.entry().middlewares()).containsExactly(outer, inner);
        assertThatThrownBy(() -> router(root).resolve("GET", "/items")).isInstanceOf(HttpNotFound.class);
    }

    enum Size {
        SMALL,
        LARGE
    }

    @Test
    void textConvertsToTheSimpleTypes() {
        assertThat(Conversions.convert("42", int.class)).isEqualTo(42);
        assertThat(Conversions.convert("-7", Long.class)).isEqualTo(-7L);
        assertThat(Conversions.convert("2.5", double.class)).isEqualTo(2.5);
        assertThat(Conversions.convert("yes", boolean.class)).isTrue();
        assertThat(Conversions.convert("off", Boolean.class)).isFalse();
        assertThat(Conversions.convert("large", Size.class)).isEqualTo(Size.LARGE);
        assertThat(Conversions.convert("2026-12-04", LocalDate.class)).isEqualTo(LocalDate.of(2026, 12, 4));
        UUID u = UUID.randomUUID();
        assertThat(Conversions.convert(u.toString(), UUID.class)).isEqualTo(u);
        assertThatThrownBy(() -> Conversions.convert("ten", int.class)).hasMessage("expected int, got \"ten\"");
        assertThatThrownBy(() -> Conversions.convert("NaN", double.class)).hasMessageStartingWith("expected double");
        assertThatThrownBy(() -> Conversions.convert("x", Object.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no conversion");
    }

    @Test
    void percentDecodingIsStrictUtf8() {
        assertThat(UrlCodec.decodeQuery("a+b%20c%C3%A9")).isEqualTo("a b cé");
        assertThat(UrlCodec.decodePath("a+b")).isEqualTo("a+b");
        assertThatThrownBy(() -> UrlCodec.decodePath("%zz")).isInstanceOf(HttpBadRequest.class);
        assertThatThrownBy(() -> UrlCodec.decodePath("%C3"))
                .isInstanceOf(HttpBadRequest.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void rangesParseAsRfc9110Says() {
        assertThat(FileSender.parseRange("bytes=0-9", 100)).containsExactly(0, 9);
        assertThat(FileSender.parseRange("bytes=90-", 100)).containsExactly(90, 99);
        assertThat(FileSender.parseRange("bytes=-10", 100)).containsExactly(90, 99);
        assertThat(FileSender.parseRange("bytes=50-500", 100)).containsExactly(50, 99);
        assertThat(FileSender.parseRange("bytes=100-", 100)).isNull();
        assertThat(FileSender.parseRange("bytes=0-1,5-6", 100)).isEmpty(); // several: the whole file
        assertThat(FileSender.parseRange("items=0-1", 100)).isEmpty();
    }
}
