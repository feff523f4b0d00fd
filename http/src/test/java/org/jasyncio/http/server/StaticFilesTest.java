package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.io.TempDir;

class StaticFilesTest {
    @TempDir
    Path dir;

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void servesFilesWithValidatorsRangesAndNoTraversal() throws Exception {
        Path pub = Files.createDirectories(dir.resolve("public/css"));
        Files.writeString(pub.resolve("site.css"), "body { color: red }");
        Files.writeString(dir.resolve("secret.txt"), "top secret");
        Files.writeString(dir.resolve("public/.env"), "KEY=1");
        Files.createSymbolicLink(dir.resolve("public/escape.txt"), dir.resolve("secret.txt"));
        Path big = dir.resolve("public/big.bin");
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        Files.write(big, data);

        App app = new App();
        app.staticFiles("/static", dir.resolve("public"));
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            String base = runner.url() + "/static";
            var css = Peers.curl(base + "/css/site.css");
            assertThat(css.status()).isEqualTo(200);
            assertThat(css.body()).isEqualTo("body { color: red }");
            assertThat(css.out()).contains("Content-Type: text/css; charset=utf-8", "Accept-Ranges: bytes");
            String etag = css.out()
                    .lines()
                    .filter(l -> l.startsWith("ETag: "))
                    .findFirst()
                    .orElseThrow()
                    .substring(6)
                    .strip();
            assertThat(Peers.curl("-H", "If-None-Match: " + etag, base + "/css/site.css")
                            .status())
                    .isEqualTo(304);

            var range = Peers.curl("-H", "Range: bytes=2-5", base + "/css/site.css");
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.body()).isEqualTo("dy {");
            assertThat(range.out()).contains("Content-Range: bytes 2-5/19");
            assertThat(Peers.curl("-H", "Range: bytes=-3", base + "/css/site.css")
                            .body())
                    .isEqualTo("d }");
            assertThat(Peers.curl("-H", "Range: bytes=100-", base + "/css/site.css")
                            .status())
                    .isEqualTo(416);

            var head = Peers.curl("-I", base + "/big.bin");
            assertThat(head.out()).contains("Content-Length: 300000");
            String digest = Peers.python("""
                    import hashlib, http.client, sys
                    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=20)
                    c.request('GET', '/static/big.bin')
                    r = c.getresponse()
                    print(r.status, hashlib.sha256(r.read()).hexdigest())
                    """, String.valueOf(runner.port()));
            assertThat(digest.strip())
                    .isEqualTo("200 "
                            + java.util.HexFormat.of()
                                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                            .digest(data)));

            for (String probe : new String[] {
                "/../secret.txt",
                "/%2e%2e/secret.txt",
                "/css/..%2f..%2fsecret.txt",
                "/.env",
                "/escape.txt",
                "/css",
                "/nothing.txt",
                "/css/%00x"
            }) {
                assertThat(Peers.curl("--path-as-is", base + probe).status())
                        .as(probe)
                        .isEqualTo(404);
            }
        }
    }
}
