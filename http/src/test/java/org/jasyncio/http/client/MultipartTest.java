package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartTest {

    @Test
    void fieldsAndFilesAreFramedByTheBoundaryWithEscapedNames() {
        RequestBody body = new Multipart("XyZ")
                .field("title", "Café")
                .field("we\"ird\nname", "v")
                .file("doc", "a \"b\".txt", "line1\nline2".getBytes(UTF_8), "text/plain")
                .toBody();
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=XyZ");
        assertThat(new String(((RequestBody.Bytes) body).data(), UTF_8)).isEqualTo("""
                --XyZ\r
                Content-Disposition: form-data; name="title"\r
                \r
                Café\r
                --XyZ\r
                Content-Disposition: form-data; name="we%22ird%0Aname"\r
                \r
                v\r
                --XyZ\r
                Content-Disposition: form-data; name="doc"; filename="a %22b%22.txt"\r
                Content-Type: text/plain\r
                \r
                line1
                line2\r
                --XyZ--\r
                """);
        assertThat(body.replayable()).isTrue();
    }

    @AsyncTest
    void aServerReceivesTheFormWithItsBoundary() throws Exception {
        try (var server = serve((req, w, r) -> {
                    respond(
                            w,
                            200,
                            req.header("content-type") + "|" + req.text().length());
                    return true;
                });
                var session = new ClientSession()) {
            var form = Multipart.formData().field("a", "1").file("f", "x.bin", new byte[1000], null);
            String answer = session.post(server.url("/upload"), form.toBody()).text();
            assertThat(answer).startsWith("multipart/form-data; boundary=" + form.boundary() + "|");
            assertThat(form.boundary()).startsWith("jasyncio-").hasSize(9 + 32);
        }
    }

    @TempDir
    Path dir;

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + i / 251);
        }
        return b;
    }

    @AsyncTest
    void aFileFromAPathIsStreamedInChunksWithContentLengthAndTheSameBytesAsInMemory() throws Exception {
        byte[] content = pattern(1_000_003); // several chunks, the last one short
        Path file = Files.write(dir.resolve("big.bin"), content);
        byte[] inMemory = ((RequestBody.Bytes) new Multipart("B0undary")
                        .field("title", "big")
                        .file("f", "big.bin", content, null)
                        .toBody())
                .data();
        RequestBody streamed = new Multipart("B0undary")
                .field("title", "big")
                .file("f", "big.bin", file, null)
                .toBody();
        assertThat(streamed).isInstanceOf(RequestBody.Sized.class);
        assertThat(((RequestBody.Sized) streamed).length()).isEqualTo(inMemory.length);
        assertThat(streamed.replayable()).isTrue();
        Iterator<byte[]> chunks = ((RequestBody.Sized) streamed).source().get();
        int largest = 0;
        while (chunks.hasNext()) {
            largest = Math.max(largest, chunks.next().length);
        }
        assertThat(largest).isLessThanOrEqualTo(Multipart.FILE_CHUNK); // bounded memory: one chunk at a time
        try (var server = serve((req, w, r) -> {
                    respond(
                            w,
                            200,
                            req.header("content-length") + "|" + req.header("transfer-encoding") + "|"
                                    + java.util.Arrays.equals(req.body(), inMemory));
                    return true;
                });
                var session = new ClientSession()) {
            for (int i = 0; i < 2; i++) { // sent twice: each send reads the file anew
                assertThat(session.post(server.url("/upload"), streamed).text())
                        .isEqualTo(inMemory.length + "|null|true");
            }
        }
    }

    @AsyncTest
    void aPartOfUnknownLengthMakesTheBodyChunked() throws Exception {
        byte[] content = pattern(200_000);
        Path file = Files.write(dir.resolve("a.bin"), content);
        Iterator<byte[]> unknown =
                List.of("from ".getBytes(UTF_8), "chunks".getBytes(UTF_8)).iterator();
        byte[] expected = ((RequestBody.Bytes) new Multipart("b")
                        .file("a", "a.bin", content, null)
                        .file("c", "c.txt", "from chunks".getBytes(UTF_8), "text/plain")
                        .toBody())
                .data();
        RequestBody body = new Multipart("b")
                .file("a", "a.bin", file, null)
                .file("c", "c.txt", unknown, "text/plain")
                .toBody();
        assertThat(body).isInstanceOf(RequestBody.Stream.class);
        assertThat(body.replayable()).isFalse();
        try (var server = serve((req, w, r) -> {
                    respond(
                            w,
                            200,
                            req.header("content-length") + "|" + req.header("transfer-encoding") + "|"
                                    + java.util.Arrays.equals(req.body(), expected));
                    return true;
                });
                var session = new ClientSession()) {
            assertThat(session.post(server.url("/upload"), body).text()).isEqualTo("null|chunked|true");
        }
    }

    @AsyncTest
    void aFileThatChangedSizeSinceTheBodyWasMadeFailsNamingTheRequest() throws Exception {
        Path file = Files.write(dir.resolve("shrinks.bin"), pattern(10_000));
        RequestBody body =
                Multipart.formData().file("f", "shrinks.bin", file, null).toBody();
        Files.write(file, pattern(10));
        // In memory: the server side sees a short body and the connection aborted, which it shrugs off.
        try (var session = ClientSession.builder()
                .dialer(Fixtures.memory(
                        (req, w, r) -> {
                            respond(w, 200, "unreachable");
                            return true;
                        },
                        new java.util.concurrent.atomic.AtomicInteger(),
                        new java.util.ArrayList<>()))
                .build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.post("http://shrink.test/upload", body))
                    .isInstanceOf(ClientError.class)
                    .hasMessageContaining("the body of POST http://shrink.test/upload does not match the length its"
                            + " source announced");
            assertThat(session.pool().open()).isZero();
        }
    }
}
