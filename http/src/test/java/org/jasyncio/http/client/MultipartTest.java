package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

class MultipartTest {

    @Test
    void fieldsAndFilesAreFramedByTheBoundaryWithEscapedNames() {
        RequestBody body = new Multipart("XyZ").field("title", "Café").field("we\"ird\nname", "v")
                .file("doc", "a \"b\".txt", "line1\nline2".getBytes(UTF_8), "text/plain").toBody();
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
            respond(w, 200, req.header("content-type") + "|" + req.text().length());
            return true;
        }); var session = new ClientSession()) {
            var form = Multipart.formData().field("a", "1").file("f", "x.bin", new byte[1000], null);
            String answer = session.post(server.url("/upload"), form.toBody()).text();
            assertThat(answer).startsWith("multipart/form-data; boundary=" + form.boundary() + "|");
            assertThat(form.boundary()).startsWith("jasyncio-").hasSize(9 + 32);
        }
    }
}
