package org.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;

import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The client against an aiohttp 3.14 server: chunked streaming, compression, cookies, JSON, multipart. */
class AiohttpServerTest {
    @TempDir
    static Path dir;
    static PythonServer server;

    @BeforeAll
    static void start() throws Exception {
        Process check = new ProcessBuilder("python3", "-c", "import aiohttp").start();
        assumeTrue(check.waitFor() == 0, "aiohttp is not installed for python3");
        server = PythonServer.aiohttp(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    ClientSession session() throws InvalidUrl {
        return ClientSession.builder().baseUrl("http://127.0.0.1:" + server.port).build();
    }

    @AsyncTest
    void textJsonChunkedAndCompressedBodiesOverOneKeepAliveConnection() throws Exception {
        try (var session = session()) {
            assertThat(session.get("/text").text()).startsWith("hello from aiohttp jasyncio-http/");
            Map<?, ?> echoed = session.post("/json", RequestBody.json(Map.of("n", 42))).json(Map.class);
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
}
