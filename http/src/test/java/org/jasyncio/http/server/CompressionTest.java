package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jasyncio.Asyncio;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.sync.Event;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Compression}: gzip for the clients that accept it, with curl, Python's http.client (which
 * does not decompress, so the test sees the bytes on the wire) and our client.
 */
class CompressionTest {
    static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(40); // 1,800 bytes

    @TempDir
    Path dir;

    private App app() throws Exception {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.middleware(Compression.gzip());
        app.get("/text", r -> TEXT);
        app.get("/small", r -> "tiny");
        app.get("/json", r -> Map.of("items", List.of(TEXT, TEXT)));
        app.get("/png", r -> Response.bytes(TEXT.getBytes(StandardCharsets.US_ASCII), "image/png"));
        app.get("/own", r -> Response.text(TEXT).header("Content-Encoding", "identity"));
        app.get("/etag", r -> Response.text(TEXT).header("ETag", "\"v1\""));
        app.get("/none", r -> Response.empty(204));
        app.get(
                "/stream",
                r -> Response.stream(out -> {
                            for (int i = 0; i < 5; i++) {
                                out.write("line " + i + " " + TEXT.substring(0, 100) + "\n");
                                Asyncio.sleep(0.01); // the subject: pieces written over time
                            }
                        })
                        .contentType("text/plain; charset=utf-8"));
        app.get("/sse", r -> Response.sse(events -> events.send("tick")));
        Files.writeString(dir.resolve("page.html"), TEXT);
        app.get("/file", r -> Response.file(dir.resolve("page.html")));
        return app;
    }

    /**
     * Python's http.client over one connection, for each {@code PATH|ACCEPT-ENCODING} argument: prints
     * status, headers and the gunzipped body.
     */
    private static final String FETCH = """
            import gzip, http.client, json, sys, zlib
            c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
            for arg in sys.argv[2:]:
                path, accept = arg.split('|', 1)
                c.request('GET', path, headers={'Accept-Encoding': accept} if accept else {})
                r = c.getresponse()
                raw = r.read()
                enc = r.getheader('Content-Encoding')
                body = gzip.decompress(raw) if enc == 'gzip' else raw
                print(json.dumps({'path': path, 'status': r.status, 'enc': enc, 'vary': r.getheader('Vary'),
                                  'etag': r.getheader('ETag'), 'te': r.getheader('Transfer-Encoding'),
                                  'wire': len(raw), 'body': body.decode('utf-8', 'replace')}))
            """;

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void textAndJsonAreGzippedForAClientThatAcceptsItAndVaryIsSet() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            List<Map<String, Object>> got = fetch(runner, "gzip, deflate", "/text", "/json", "/etag", "/stream");
            Map<String, Object> text = got.get(0);
            assertThat(text).containsEntry("status", 200).containsEntry("enc", "gzip");
            assertThat(text).containsEntry("vary", "Accept-Encoding").containsEntry("body", TEXT);
            assertThat((Integer) text.get("wire")).isLessThan(TEXT.length() / 5);
            Map<String, Object> json = got.get(1);
            assertThat(json).containsEntry("enc", "gzip");
            assertThat((String) json.get("body")).startsWith("{\"items\":[\"The quick");
            assertThat(got.get(2)).containsEntry("enc", "gzip").containsEntry("etag", "W/\"v1\"");
            Map<String, Object> stream = got.get(3);
            assertThat(stream).containsEntry("enc", "gzip").containsEntry("te", "chunked");
            assertThat((String) stream.get("body"))
                    .startsWith("line 0 The quick")
                    .contains("line 4 The quick");
            assertThat(((String) stream.get("body")).lines()).hasSize(5);
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time
    void whatIsNotWorthItOrNotAskedForIsSentAsItIs() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            List<Map<String, Object>> got = fetch(runner, "gzip", "/small", "/png", "/own", "/none", "/sse", "/file");
            for (Map<String, Object> r : got) {
                assertThat(r.get("enc")).as(r.get("path").toString()).isNotEqualTo("gzip");
            }
            assertThat(got.get(0)).containsEntry("body", "tiny").containsEntry("vary", null);
            assertThat(got.get(1)).containsEntry("vary", null);
            assertThat(got.get(2)).containsEntry("enc", "identity").containsEntry("body", TEXT);
            assertThat(got.get(3)).containsEntry("status", 204);
            assertThat((String) got.get(4).get("body")).isEqualTo("data: tick\n\n");
            assertThat(got.get(5)).containsEntry("body", TEXT);
            // no Accept-Encoding, or gzip refused: identity, but Vary still says the answer depends on it
            String[] refusing = {"", "gzip;q=0, br", "identity", "*;q=0"};
            List<Map<String, Object>> refused = fetch(runner, refusing, "/text");
            for (int i = 0; i < refusing.length; i++) {
                assertThat(refused.get(i))
                        .as(refusing[i])
                        .containsEntry("enc", null)
                        .containsEntry("body", TEXT);
                assertThat(refused.get(i)).as(refusing[i]).containsEntry("vary", "Accept-Encoding");
            }
            List<Map<String, Object>> accepted = fetch(runner, new String[] {"*", "br;q=1, GZIP;q=0.5"}, "/text");
            assertThat(accepted).allSatisfy(r -> assertThat(r).containsEntry("enc", "gzip"));
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time
    void curlAndOurClientDecompressItAndHeadSaysTheCompressedLength() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            Peers.CurlResult curl = Peers.curl("--compressed", runner.url() + "/text");
            assertThat(curl.out()).containsIgnoringCase("content-encoding: gzip");
            assertThat(curl.body()).isEqualTo(TEXT);
            Peers.CurlResult head = Peers.curl("-I", "-H", "Accept-Encoding: gzip", runner.url() + "/text");
            int length = Compression.gzip(TEXT.getBytes(StandardCharsets.UTF_8), Compression.DEFAULT_LEVEL).length;
            assertThat(head.out()).containsIgnoringCase("content-length: " + length);
            try (var session = new ClientSession();
                    var resp = session.get(runner.url() + "/stream")) {
                assertThat(resp.headers().get("Content-Encoding")).isEqualTo("gzip");
                assertThat(resp.text().lines()).hasSize(5);
            }
        }
    }

    @AsyncTest(virtualTime = false) // real sockets: real time, bounded
    void eachPieceOfAStreamArrivesDecompressibleBeforeTheNextIsWritten() throws Exception {
        Event released = new Event();
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.middleware(Compression.gzip());
        app.get(
                "/slow",
                r -> Response.stream(out -> {
                            out.write("first\n");
                            released.await(); // the client must read the first piece before there is a second
                            out.write("second\n");
                        })
                        .contentType("text/plain"));
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var session = new ClientSession();
                var resp = session.get(runner.url() + "/slow");
                var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            assertThat(resp.headers().get("Content-Encoding")).isEqualTo("gzip");
            assertThat(new String(resp.content().readLine(), StandardCharsets.UTF_8))
                    .isEqualTo("first\n");
            released.set();
            assertThat(new String(resp.content().readLine(), StandardCharsets.UTF_8))
                    .isEqualTo("second\n");
            assertThat(resp.content().readLine()).isEmpty();
        }
    }

    @Test
    void theBytesAreOneStandardGzipMember() throws Exception {
        byte[] data = TEXT.getBytes(StandardCharsets.UTF_8);
        for (int level = 1; level <= 9; level++) {
            byte[] z = Compression.gzip(data, level);
            try (var in = new GZIPInputStream(new ByteArrayInputStream(z))) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
        }
        try (var in = new GZIPInputStream(new ByteArrayInputStream(Compression.gzip(new byte[0], 6)))) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void acceptEncodingIsReadWithItsWeights() {
        assertThat(Compression.acceptsGzip(List.of("gzip"))).isTrue();
        assertThat(Compression.acceptsGzip(List.of("deflate, x-gzip;q=0.1"))).isTrue();
        assertThat(Compression.acceptsGzip(List.of("br", "gzip"))).isTrue();
        assertThat(Compression.acceptsGzip(List.of("*;q=0.2"))).isTrue();
        assertThat(Compression.acceptsGzip(List.of("*, gzip;q=0"))).isFalse();
        assertThat(Compression.acceptsGzip(List.of("gzip;q=0.000"))).isFalse();
        assertThat(Compression.acceptsGzip(List.of("gzip;q=x"))).isFalse();
        assertThat(Compression.acceptsGzip(List.of("br, identity"))).isFalse();
        assertThat(Compression.acceptsGzip(List.of())).isFalse();
    }

    @Test
    void onlyTextTypesAreCompressible() {
        assertThat(Compression.compressible("text/html; charset=utf-8")).isTrue();
        assertThat(Compression.compressible("application/problem+json")).isTrue();
        assertThat(Compression.compressible("image/svg+xml")).isTrue();
        assertThat(Compression.compressible("text/event-stream")).isFalse();
        assertThat(Compression.compressible("image/png")).isFalse();
        assertThat(Compression.compressible("application/octet-stream")).isFalse();
        assertThat(Compression.compressible(null)).isFalse();
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> Compression.gzip().withLevel(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Compression level 0 must be 1 (fastest) to 9 (smallest)");
        assertThatThrownBy(() -> Compression.gzip().withMinimumSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Compression minimumSize -1 must be >= 0");
    }

    /** {@link #FETCH} of {@code paths}, each with {@code accept}. */
    private static List<Map<String, Object>> fetch(AppRunner runner, String accept, String... paths) throws Exception {
        String[] accepts = new String[paths.length];
        java.util.Arrays.fill(accepts, accept);
        return fetchEach(runner, accepts, paths);
    }

    /** {@link #FETCH} of {@code path} once with each of {@code accepts}. */
    private static List<Map<String, Object>> fetch(AppRunner runner, String[] accepts, String path) throws Exception {
        String[] paths = new String[accepts.length];
        java.util.Arrays.fill(paths, path);
        return fetchEach(runner, accepts, paths);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fetchEach(AppRunner runner, String[] accepts, String[] paths)
            throws Exception {
        String[] args = new String[paths.length + 1];
        args[0] = String.valueOf(runner.port());
        for (int i = 0; i < paths.length; i++) {
            args[i + 1] = paths[i] + "|" + accepts[i];
        }
        String out = Peers.python(FETCH, args);
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        return out.lines()
                .map(l -> (Map<String, Object>) mapper.readValue(l, Map.class))
                .toList();
    }
}
