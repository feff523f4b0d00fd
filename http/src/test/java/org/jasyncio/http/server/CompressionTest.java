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
import org.jasyncio.http.Headers;
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

    /**
     * Python's http.client over one connection, for each argument {@code METHOD|PATH|NAME: VALUE|...}:
     * prints status and the representation headers.
     */
    private static final String EXCHANGE = """
            import http.client, json, sys
            c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
            for arg in sys.argv[2:]:
                method, path, *fields = arg.split('|')
                c.request(method, path, headers=dict(f.split(': ', 1) for f in fields))
                r = c.getresponse()
                raw = r.read()
                print(json.dumps({'status': r.status, 'enc': r.getheader('Content-Encoding'),
                                  'vary': r.getheader('Vary'), 'etag': r.getheader('ETag'), 'wire': len(raw)}))
            """;

    @AsyncTest(virtualTime = false) // real sockets and peers: real time
    void everyAnswerWhoseTwoHundredWouldBeCompressedCarriesVaryEvenWithoutABody() throws Exception {
        App app = app();
        app.get("/cached", r -> {
            String inm = r.header("If-None-Match");
            if (inm != null && inm.contains("\"v1\"")) { // weak comparison (RFC 9110 13.1.2)
                return Response.empty(304).header("ETag", "\"v1\"");
            }
            return Response.text(TEXT).header("ETag", "\"v1\"");
        });
        app.get("/cached-png", r -> Response.empty(304).header("Content-Type", "image/png"));
        app.get(
                "/part",
                r -> Response.text(TEXT.substring(0, 10))
                        .status(206)
                        .header("Content-Range", "bytes 0-9/" + TEXT.length()));
        app.get("/part-small", r -> Response.text("tiny").status(206).header("Content-Range", "bytes 0-3/4"));
        app.get("/no-transform", r -> Response.text(TEXT).header("Cache-Control", "public, No-Transform"));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            List<Map<String, Object>> got = exchange(
                    runner,
                    "GET|/cached|Accept-Encoding: gzip",
                    "GET|/cached|Accept-Encoding: gzip|If-None-Match: W/\"v1\"",
                    "GET|/cached",
                    "GET|/cached|If-None-Match: \"v1\"",
                    "GET|/cached-png|Accept-Encoding: gzip",
                    "HEAD|/text",
                    "HEAD|/text|Accept-Encoding: gzip",
                    "GET|/part|Accept-Encoding: gzip",
                    "GET|/part",
                    "GET|/part-small|Accept-Encoding: gzip",
                    "GET|/no-transform|Accept-Encoding: gzip",
                    "GET|/own",
                    "GET|/none|Accept-Encoding: gzip");
            // the 200 a gzip client gets, and its 304: the same Vary and the same (weak) validator
            assertThat(got.get(0))
                    .containsEntry("status", 200)
                    .containsEntry("enc", "gzip")
                    .containsEntry("vary", "Accept-Encoding")
                    .containsEntry("etag", "W/\"v1\"");
            assertThat(got.get(1))
                    .containsEntry("status", 304)
                    .containsEntry("enc", null)
                    .containsEntry("vary", "Accept-Encoding")
                    .containsEntry("etag", "W/\"v1\"");
            // the identity 200 and its 304: the Vary, the strong validator
            assertThat(got.get(2))
                    .containsEntry("status", 200)
                    .containsEntry("enc", null)
                    .containsEntry("vary", "Accept-Encoding")
                    .containsEntry("etag", "\"v1\"");
            assertThat(got.get(3))
                    .containsEntry("status", 304)
                    .containsEntry("vary", "Accept-Encoding")
                    .containsEntry("etag", "\"v1\"");
            assertThat(got.get(4)).containsEntry("status", 304).containsEntry("vary", null);
            // HEAD says what GET would: identity with the Vary, or gzip with the Vary
            assertThat(got.get(5))
                    .containsEntry("status", 200)
                    .containsEntry("enc", null)
                    .containsEntry("vary", "Accept-Encoding")
                    .containsEntry("wire", 0);
            assertThat(got.get(6)).containsEntry("enc", "gzip").containsEntry("vary", "Accept-Encoding");
            // a 206 of a text worth compressing: identity bytes, the 200's Vary; of a small one: none
            assertThat(got.get(7))
                    .containsEntry("status", 206)
                    .containsEntry("enc", null)
                    .containsEntry("vary", "Accept-Encoding")
                    .containsEntry("wire", 10);
            assertThat(got.get(8)).containsEntry("status", 206).containsEntry("vary", "Accept-Encoding");
            assertThat(got.get(9)).containsEntry("status", 206).containsEntry("vary", null);
            // the same bytes for everyone: no-transform, an encoding of the handler's own, no content
            assertThat(got.get(10))
                    .containsEntry("status", 200)
                    .containsEntry("enc", null)
                    .containsEntry("vary", null)
                    .containsEntry("wire", TEXT.length());
            assertThat(got.get(11)).containsEntry("enc", "identity").containsEntry("vary", null);
            assertThat(got.get(12)).containsEntry("status", 204).containsEntry("vary", null);
        }
    }

    /** A {@code multipart/byteranges} body of two ranges of a resource of {@code complete} bytes. */
    private static Response byteranges(String partType, Object complete) {
        String body = "--SEP\r\nContent-Type: " + partType + "\r\nContent-Range: bytes 0-4/" + complete
                + "\r\n\r\nThe q\r\n--SEP\r\nContent-Type: " + partType + "\r\nContent-Range: bytes 10-14/"
                + complete + "\r\n\r\nbrown\r\n--SEP--\r\n";
        return Response.bytes(body.getBytes(StandardCharsets.US_ASCII), "multipart/byteranges; boundary=SEP")
                .status(206);
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time
    void aMultipartByterangesPartialCarriesTheVaryOfItsPartsRepresentation() throws Exception {
        App app = app();
        app.get("/ranges", r -> byteranges("text/plain; charset=utf-8", TEXT.length()));
        app.get("/ranges-small", r -> byteranges("text/plain", 20));
        app.get("/ranges-png", r -> byteranges("image/png", TEXT.length()));
        app.get("/ranges-unknown", r -> byteranges("application/json", "*"));
        app.get(
                "/ranges-stream",
                r -> Response.stream(out -> out.write("--SEP\r\nContent-Type: image/png\r\n\r\nx\r\n--SEP--\r\n"))
                        .contentType("multipart/byteranges; boundary=SEP")
                        .status(206));
        app.get("/ranges-origin", r -> byteranges("text/html", TEXT.length()).header("Vary", "Origin"));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            List<Map<String, Object>> got = exchange(
                    runner,
                    "GET|/ranges|Accept-Encoding: gzip|Range: bytes=0-4,10-14",
                    "GET|/ranges|Range: bytes=0-4,10-14",
                    "GET|/ranges-small|Accept-Encoding: gzip",
                    "GET|/ranges-png|Accept-Encoding: gzip",
                    "GET|/ranges-unknown|Accept-Encoding: gzip",
                    "GET|/ranges-stream|Accept-Encoding: gzip",
                    "GET|/ranges-origin|Accept-Encoding: gzip");
            // parts of a text worth compressing: identity bytes, the 200's Vary, as a one-range 206 has
            assertThat(got.get(0))
                    .containsEntry("status", 206)
                    .containsEntry("enc", null)
                    .containsEntry("vary", "Accept-Encoding");
            assertThat(got.get(1)).containsEntry("status", 206).containsEntry("vary", "Accept-Encoding");
            // of a text under the minimum size, of an image: the same for everyone
            assertThat(got.get(2)).containsEntry("status", 206).containsEntry("vary", null);
            assertThat(got.get(3)).containsEntry("status", 206).containsEntry("vary", null);
            // a complete length unknown ("*"), a stream not read ahead: the safe side
            assertThat(got.get(4)).containsEntry("vary", "Accept-Encoding");
            assertThat(got.get(5)).containsEntry("status", 206).containsEntry("vary", "Accept-Encoding");
            assertThat(got.get(6)).containsEntry("vary", "Origin, Accept-Encoding");
        }
        // the parts' head as the server reads it: quoted boundary, LF-only lines, no delimiter
        Headers head = Compression.firstPartHead(
                "preamble\n--a b\nContent-Type: text/css\n\nbody".getBytes(StandardCharsets.US_ASCII),
                Compression.boundary("multipart/byteranges; boundary=\"a b\""));
        assertThat(head.get("Content-Type")).isEqualTo("text/css");
        assertThat(Compression.firstPartHead("no delimiter".getBytes(StandardCharsets.US_ASCII), "SEP"))
                .isNull();
        assertThat(Compression.boundary("multipart/byteranges")).isNull();
    }

    @Test
    void aMultipartPartsHeadThatIsNotOneOrLiesFarInIsUnreadableNotAnError() {
        // a handler's body, not a header block the server checked: a field name with a space, a
        // value with a control character are the body's business, never a 500 of the middleware
        assertThat(Compression.firstPartHead(
                        "--SEP\r\nContent-Type: text/plain\r\nBad Name: x\r\n\r\nbody"
                                .getBytes(StandardCharsets.ISO_8859_1),
                        "SEP"))
                .isNull();
        assertThat(Compression.firstPartHead(
                        "--SEP\r\nContent-Type: text/plain\u0001\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1),
                        "SEP"))
                .isNull();
        // only the body's start is read for it (not a copy of a body of any size): a head past it is
        // unreadable, the safe side
        byte[] far = ("x".repeat(Compression.PART_HEAD_SCAN + 1) + "\r\n--SEP\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Compression.firstPartHead(far, "SEP")).isNull();
        byte[] near = ("x".repeat(100) + "\r\n--SEP\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Compression.firstPartHead(near, "SEP").get("Content-Type")).isEqualTo("image/png");
    }

    @Test
    void theVaryIsMergedIntoTheHandlersOwnFieldOnceAndStarIsLeftAlone() {
        Headers one = Headers.of("Vary", "Origin");
        Compression.addVary(one);
        assertThat(one.getAll("Vary")).containsExactly("Origin, Accept-Encoding");
        Headers two = Headers.of("Vary", "Origin", "Content-Type", "text/plain", "Vary", "Cookie,");
        Compression.addVary(two);
        assertThat(two.getAll("Vary")).containsExactly("Origin, Cookie, Accept-Encoding");
        Headers named = Headers.of("Vary", "Origin, accept-encoding");
        Compression.addVary(named);
        assertThat(named.getAll("Vary")).containsExactly("Origin, accept-encoding");
        Headers star = Headers.of("Vary", "*");
        Compression.addVary(star);
        assertThat(star.getAll("Vary")).containsExactly("*");
        Headers none = new Headers();
        Compression.addVary(none);
        assertThat(none.getAll("Vary")).containsExactly("Accept-Encoding");
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time
    void aNotModifiedMirrorsTheValidatorTheClientStored() throws Exception {
        App app = app();
        app.get("/small-json", r -> {
            String inm = r.header("If-None-Match");
            if (inm != null && inm.contains("\"7\"")) { // weak comparison (RFC 9110 13.1.2)
                return Response.empty(304).header("ETag", "\"7\"");
            }
            return Response.json(Map.of("n", 7)).header("ETag", "\"7\"");
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            List<Map<String, Object>> got = exchange(
                    runner,
                    "GET|/small-json|Accept-Encoding: gzip",
                    "GET|/small-json|Accept-Encoding: gzip|If-None-Match: \"7\"",
                    "GET|/small-json|Accept-Encoding: gzip|If-None-Match: W/\"7\"",
                    "GET|/small-json|Accept-Encoding: gzip|If-None-Match: W/\"7\", \"7\"",
                    "GET|/small-json|Accept-Encoding: gzip|If-None-Match: \"6\", W/\"7\"",
                    "GET|/small-json|Accept-Encoding: gzip|If-None-Match: W/\"77\", \"7\"");
            // a small JSON is never compressed: its 200 keeps the strong tag, and so does its 304
            assertThat(got.get(0))
                    .containsEntry("status", 200)
                    .containsEntry("enc", null)
                    .containsEntry("etag", "\"7\"");
            assertThat(got.get(1))
                    .containsEntry("status", 304)
                    .containsEntry("vary", "Accept-Encoding")
                    .containsEntry("etag", "\"7\"");
            // a client that stored the weak (compressed) validator gets it back
            assertThat(got.get(2)).containsEntry("status", 304).containsEntry("etag", "W/\"7\"");
            // the strong one listed too: the client may hold the identity 200, keep it strong
            assertThat(got.get(3)).containsEntry("status", 304).containsEntry("etag", "\"7\"");
            assertThat(got.get(4)).containsEntry("status", 304).containsEntry("etag", "W/\"7\"");
            assertThat(got.get(5)).containsEntry("status", 304).containsEntry("etag", "\"7\"");
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

    /** {@link #EXCHANGE} of each {@code METHOD|PATH|FIELD...} argument, over one connection. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> exchange(AppRunner runner, String... requests) throws Exception {
        String[] args = new String[requests.length + 1];
        args[0] = String.valueOf(runner.port());
        System.arraycopy(requests, 0, args, 1, requests.length);
        String out = Peers.python(EXCHANGE, args);
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        return out.lines()
                .map(l -> (Map<String, Object>) mapper.readValue(l, Map.class))
                .toList();
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
