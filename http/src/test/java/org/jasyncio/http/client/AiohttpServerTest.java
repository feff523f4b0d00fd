package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jasyncio.testfixtures.TestPrograms;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The client against an aiohttp 3.14 server: chunked streaming, compression, cookies, JSON, multipart. */
class AiohttpServerTest {
    static PythonServer server;

    @BeforeAll
    static void start() throws Exception {
        Process check = new ProcessBuilder(TestPrograms.python(), "-c", "import aiohttp")
                .inheritIO()
                .start();
        assertThat(check.waitFor())
                .as(
                        "aiohttp 3.14.3 must be installed in %s (.ci/run makes a venv with it and"
                                + " names it in JASYNCIO_PYTHON)",
                        TestPrograms.python())
                .isZero();
        server = PythonServer.aiohttp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    ClientSession session() throws InvalidUrl {
        return ClientSession.builder()
                .baseUrl("http://127.0.0.1:" + server.port)
                .build();
    }

    @AsyncTest
    void textJsonChunkedAndCompressedBodiesOverOneKeepAliveConnection() throws Exception {
        try (var session = session()) {
            assertThat(session.get("/text").text()).startsWith("hello from aiohttp jasyncio-http/");
            Map<?, ?> echoed =
                    session.post("/json", RequestBody.json(Map.of("n", 42))).json(Map.class);
            assertThat(echoed).isEqualTo(Map.of("got", Map.of("n", 42), "type", "application/json"));
            try (var resp = session.get("/chunked")) {
                assertThat(resp.headers().get("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(resp.content().lines()).containsExactly("part 0", "part 1", "part 2", "part 3", "part 4");
            }
            try (var resp = session.get("/compressed")) {
                assertThat(resp.headers().get("Content-Encoding")).isIn("gzip", "deflate");
                assertThat(resp.text()).isEqualTo("squeeze ".repeat(5000));
            }
            assertThat(session.pool().created()).isEqualTo(1);
        }
    }

    @AsyncTest
    void cookiesSetOnARedirectAndMultipartUploads() throws Exception {
        try (var session = session()) {
            var resp = session.get("/login");
            assertThat(resp.text()).isEqualTo("session=s3cr3t");
            assertThat(resp.history()).extracting(ClientResponse::status).containsExactly(302);
            var form = Multipart.formData().field("title", "notes").file("file", "a.txt", new byte[1234], "text/plain");
            assertThat(session.post("/form", form.toBody()).text()).isEqualTo("notes:a.txt:1234");
        }
    }

    @AsyncTest
    void aMultipartFileStreamedFromAPathIsReadByAiohttp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.write(
                tmp.resolve("upload.bin"), new byte[700_001]); // < 1 MiB: aiohttp's client_max_size
        try (var session = session()) {
            var sized = Multipart.formData().field("title", "sized").file("file", "upload.bin", file, null);
            assertThat(session.post("/form", sized.toBody()).text()).isEqualTo("sized:upload.bin:700001");
            var chunked = Multipart.formData()
                    .field("title", "chunked")
                    .file("file", "upload.bin", file, null)
                    .file("extra", "x.txt", java.util.List.of(new byte[10]).iterator(), "text/plain");
            assertThat(session.post("/form", chunked.toBody()).text()).isEqualTo("chunked:upload.bin:700001");
        }
    }
}
