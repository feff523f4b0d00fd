package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.jasyncio.http.client.ClientSession;
import org.jasyncio.http.client.Multipart;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forms, as browsers, curl, aiohttp's client and ours send them: {@link Request#form()} for
 * {@code application/x-www-form-urlencoded} and {@code multipart/form-data} bodies, and
 * {@link Request#multipart()} streaming an upload larger than the body limit.
 */
class FormsTest {
    @TempDir
    Path dir;

    static App app() {
        App app = new App();
        app.post("/profile", r -> {
            FormData form = r.form();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", form.get("name"));
            out.put("age", form.get("age", int.class, -1));
            out.put("tags", form.getAll("tags"));
            FormFile avatar = form.file("avatar");
            if (avatar != null) {
                out.put("avatar", avatar.filename() + "|" + avatar.contentType() + "|" + avatar.text());
            }
            return out;
        });
        app.post("/upload", r -> {
            var reader = r.multipart();
            StringBuilder out = new StringBuilder();
            for (BodyPart part = reader.next(); part != null; part = reader.next()) {
                if (part.filename() == null) {
                    out.append(part.name()).append('=').append(part.text()).append(';');
                    continue;
                }
                CRC32 crc = new CRC32();
                long size = 0;
                int pieces = 0;
                for (byte[] piece = part.read(); piece != null; piece = part.read()) {
                    crc.update(piece);
                    size += piece.length;
                    pieces++;
                }
                out.append(part.name())
                        .append(':')
                        .append(part.filename())
                        .append(':')
                        .append(size)
                        .append(':');
                out.append(Long.toHexString(crc.getValue())).append(':').append(pieces > 1 ? "streamed" : "one piece");
                out.append(';');
            }
            return out.toString();
        });
        return app;
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void curlPostsMultipartAndUrlencodedForms() throws Exception {
        Path avatar = Files.writeString(dir.resolve("me.txt"), "a smiling face");
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var multipart = Peers.curl(
                    "-F",
                    "name=Ada Lovelace",
                    "-F",
                    "age=36",
                    "-F",
                    "tags=math",
                    "-F",
                    "tags=engines",
                    "-F",
                    "avatar=@" + avatar + ";type=text/plain",
                    runner.url() + "/profile");
            assertThat(multipart.status()).as(multipart.out()).isEqualTo(200);
            assertThat(multipart.body())
                    .isEqualTo("{\"name\":\"Ada Lovelace\",\"age\":36,\"tags\":[\"math\",\"engines\"],"
                            + "\"avatar\":\"me.txt|text/plain|a smiling face\"}");
            var urlencoded = Peers.curl(
                    "--data-urlencode",
                    "name=Grace & co=ok",
                    "--data",
                    "tags=a&tags=b+c&age=85",
                    runner.url() + "/profile");
            assertThat(urlencoded.status()).as(urlencoded.out()).isEqualTo(200);
            assertThat(urlencoded.body()).isEqualTo("{\"name\":\"Grace & co=ok\",\"age\":85,\"tags\":[\"a\",\"b c\"]}");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void anUploadOverTheBodyLimitStreamsThroughMultipart() throws Exception {
        byte[] big = new byte[20 << 20]; // 20 MiB: twenty times the default body limit
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 13));
        }
        Path file = Files.write(dir.resolve("big.bin"), big);
        CRC32 crc = new CRC32();
        crc.update(big);
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var upload = Peers.curl("-F", "note=hi", "-F", "data=@" + file, runner.url() + "/upload");
            assertThat(upload.status()).as(upload.out()).isEqualTo(200);
            assertThat(upload.body())
                    .isEqualTo("note=hi;data:big.bin:" + big.length + ":" + Long.toHexString(crc.getValue())
                            + ":streamed;");
            // form() reads whole, within the limit: the same upload is a 413
            var tooBig = Peers.curl("-F", "avatar=@" + file, runner.url() + "/profile");
            assertThat(tooBig.status()).isEqualTo(413);
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void notAFormIs415AndABrokenOneIs400AndTheServerGoesOn() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0)) {
            var json = Peers.curl("-H", "Content-Type: application/json", "--data", "{}", runner.url() + "/profile");
            assertThat(json.status()).isEqualTo(415);
            assertThat(json.body()).contains("a form is application/x-www-form-urlencoded or multipart/form-data");
            String body = "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nunfinished";
            String broken = Peers.raw(
                    runner.port(),
                    "POST /profile HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                            + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + body.length()
                            + "\r\n\r\n" + body);
            assertThat(broken).startsWith("HTTP/1.1 400 ").contains("ended inside part 1");
            var noBoundary =
                    Peers.curl("-H", "Content-Type: multipart/form-data", "--data", "x", runner.url() + "/profile");
            assertThat(noBoundary.status()).isEqualTo(400);
            assertThat(noBoundary.body()).contains("needs a boundary parameter");
            var fine = Peers.curl("--data", "name=still+here", runner.url() + "/profile");
            assertThat(fine.body()).startsWith("{\"name\":\"still here\"");
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void ourClientAndAiohttpsPostForms() throws Exception {
        try (AppRunner runner = app().start("127.0.0.1", 0);
                var session = new ClientSession()) {
            var form = Multipart.formData()
                    .field("name", "Łukasz")
                    .field("tags", "x")
                    .file("avatar", "żółw.txt", "turtle".getBytes(StandardCharsets.UTF_8), "text/plain");
            assertThat(session.post(runner.url() + "/profile", form.toBody()).text())
                    .isEqualTo("{\"name\":\"Łukasz\",\"age\":-1,\"tags\":[\"x\"],"
                            + "\"avatar\":\"żółw.txt|text/plain|turtle\"}");
            String aiohttp = Peers.python("""
                    import asyncio, sys
                    try:
                        import aiohttp
                    except ImportError:
                        sys.exit('aiohttp is missing from ' + sys.executable + ': pip install aiohttp==3.14.3 (.ci/run makes a venv with it and names it in JASYNCIO_PYTHON)')
                    async def main():
                        async with aiohttp.ClientSession() as s:
                            form = aiohttp.FormData()
                            form.add_field('name', 'Ada')
                            form.add_field('age', '36')
                            form.add_field('avatar', b'pixels', filename='a.png', content_type='image/png')
                            async with s.post(sys.argv[1] + '/profile', data=form) as r:
                                print(r.status, await r.text())
                            async with s.post(sys.argv[1] + '/profile', data={'name': 'Bo b', 'tags': 'q&a'}) as r:
                                print(r.status, await r.text())
                    asyncio.run(main())
                    """, runner.url());
            assertThat(aiohttp.lines().toList())
                    .containsExactly(
                            "200 {\"name\":\"Ada\",\"age\":36,\"tags\":[],\"avatar\":\"a.png|image/png|pixels\"}",
                            "200 {\"name\":\"Bo b\",\"age\":-1,\"tags\":[\"q&a\"]}");
        }
    }
}
