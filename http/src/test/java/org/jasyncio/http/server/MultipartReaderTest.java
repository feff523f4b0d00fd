package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multipart parser on its own: bodies fed in pieces of every size, and every rule it enforces. */
class MultipartReaderTest {
    static final String BROWSER = """
            preamble, ignored\r
            ------WebKitFormBoundaryX3\r
            Content-Disposition: form-data; name="title"\r
            \r
            Notes on --WebKitFormBoundaryX3 that are not a delimiter\r
            ------WebKitFormBoundaryX3\r
            Content-Disposition: form-data; name="tags"\r
            \r
            a\r
            ------WebKitFormBoundaryX3\r
            Content-Disposition: form-data; name="tags"\r
            \r
            b\r
            ------WebKitFormBoundaryX3  \r
            Content-Disposition: form-data; name="file"; filename="r\\"é.txt"\r
            Content-Type: Text/Plain; charset=ISO-8859-1\r
            \r
            CAFE\r
            \r
            ------WebKitFormBoundaryX3\r
            Content-Disposition: form-data; name="empty"; filename=""\r
            Content-Type: application/octet-stream\r
            \r
            \r
            ------WebKitFormBoundaryX3--\r
            epilogue, ignored""";
    static final String BOUNDARY = "----WebKitFormBoundaryX3";

    /** Feeds {@code body} in pieces of {@code size} bytes (the last one shorter). */
    static MultipartReader.Source pieces(byte[] body, int size) {
        int[] at = {0};
        return () -> {
            if (at[0] >= body.length) {
                return null;
            }
            byte[] piece = Arrays.copyOfRange(body, at[0], Math.min(body.length, at[0] + size));
            at[0] += piece.length;
            return piece;
        };
    }

    /** The browser's body: its headers in UTF-8, the file's content "café" in ISO-8859-1 as its part says. */
    static byte[] browserBody() {
        String[] halves = BROWSER.split("CAFE");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(halves[0].getBytes(StandardCharsets.UTF_8));
        out.writeBytes("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(halves[1].getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void aBrowsersFormIsTheSameFedInPiecesOfEverySize() throws IOException {
        byte[] body = browserBody();
        for (int size = 1; size <= body.length; size++) {
            FormData form = new MultipartReader(BOUNDARY, pieces(body, size)).form();
            assertThat(form.get("title"))
                    .as("piece size %d", size)
                    .isEqualTo("Notes on --WebKitFormBoundaryX3 that are not a delimiter");
            assertThat(form.getAll("tags")).as("piece size %d", size).containsExactly("a", "b");
            FormFile file = form.file("file");
            assertThat(file.filename()).isEqualTo("r\"é.txt");
            assertThat(file.contentType()).isEqualTo("text/plain");
            assertThat(file.text()).as("ISO-8859-1, as its part says").isEqualTo("caf\u00e9\r\n");
            assertThat(file.size()).isEqualTo(6);
            FormFile empty = form.file("empty");
            assertThat(empty.filename()).isEmpty();
            assertThat(empty.size()).isZero();
            assertThat(form.names()).containsExactly("title", "tags", "file", "empty");
        }
    }

    @Test
    void partsStreamAndAPartLeftUnreadIsSkipped() throws IOException {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i % 251);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--b\r\nContent-Disposition: form-data; name=\"skipped\"\r\n\r\n").getBytes());
        body.writeBytes(big);
        body.writeBytes(
                ("\r\n--b\r\nContent-Disposition: form-data; name=\"kept\"; filename=\"k.bin\"\r\n\r\n").getBytes());
        body.writeBytes(big);
        body.writeBytes("\r\n--b--".getBytes());
        MultipartReader reader = new MultipartReader("b", pieces(body.toByteArray(), 65_536));
        BodyPart skipped = reader.next();
        assertThat(skipped.name()).isEqualTo("skipped");
        assertThat(skipped.read()).isNotEmpty(); // read a little of it only
        BodyPart kept = reader.next();
        assertThat(skipped.read()).as("a part the reader moved past").isNull();
        assertThat(kept.filename()).isEqualTo("k.bin");
        assertThat(kept.contentType()).isEqualTo("text/plain"); // RFC 7578's default
        List<byte[]> read = new ArrayList<>();
        for (byte[] piece = kept.read(); piece != null; piece = kept.read()) {
            assertThat(piece.length)
                    .as("a piece is at most what one read brought")
                    .isLessThanOrEqualTo(65_536);
            read.add(piece);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        read.forEach(all::writeBytes);
        assertThat(all.toByteArray()).isEqualTo(big);
        assertThat(read.size()).as("streamed, not whole").isGreaterThan(1);
        assertThat(reader.next()).isNull();
        assertThat(reader.next()).isNull();
    }

    @Test
    void anExtendedFilenameWinsAndParametersAreParsedStrictly() throws IOException {
        FormData form = new MultipartReader(
                        "b",
                        pieces(
                                ("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"plain.txt\";"
                                                + " filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\nx\r\n--b--")
                                        .getBytes(StandardCharsets.US_ASCII),
                                7))
                .form();
        assertThat(form.file("f").filename()).isEqualTo("€ rates.txt");
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=\"a b:c\""))
                .isEqualTo("a b:c");
        assertThat(MultipartReader.boundaryOf("Multipart/Form-Data;Boundary=xyz"))
                .isEqualTo("xyz");
    }

    static void rejects(String body, String message) {
        assertThatThrownBy(() -> new MultipartReader("b", pieces(body.getBytes(StandardCharsets.UTF_8), 3)).form())
                .as(body)
                .isInstanceOf(HttpBadRequest.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(400));
    }

    @Test
    void malformedBodiesAreA400NamingTheRule() {
        rejects("no delimiter at all", "no boundary \"b\" in the body");
        rejects("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunfinished", "ended inside part 1");
        rejects("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n", "ended in the headers of part 1");
        rejects("--bogus\r\n\r\nx\r\n--b--", "goes on after the boundary");
        rejects(
                "--b\r\nContent-Disposition : form-data; name=\"a\"\r\n\r\nx\r\n--b--",
                "has whitespace before its colon");
        rejects(
                "--b\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nx\r\n--b--",
                "starts with whitespace (a folded line");
        rejects("--b\r\nno colon here\r\n\r\nx\r\n--b--", "no name and colon");
        rejects("--b\r\nX-Bad: a\rb\r\n\r\nx\r\n--b--", "bare CR, LF or NUL");
        rejects("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "part 1 has no Content-Disposition");
        rejects("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--", "unterminated quoted string");
        rejects(
                "--b\r\nX: " + "v".repeat(MultipartReader.MAX_PART_HEADER_BYTES) + "\r\n\r\nx\r\n--b--",
                "over 16384 bytes");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= MultipartReader.MAX_FORM_PARTS; i++) {
            many.append("--b\r\nContent-Disposition: form-data; name=\"f")
                    .append(i)
                    .append("\"\r\n\r\nv\r\n");
        }
        rejects(many.append("--b--").toString(), "over 1000 parts");
    }

    @Test
    void aBadBoundaryParameterIsA400() {
        assertThatThrownBy(() -> MultipartReader.boundaryOf("multipart/form-data"))
                .isInstanceOf(HttpBadRequest.class)
                .hasMessageContaining("needs a boundary parameter");
        assertThatThrownBy(() -> MultipartReader.boundaryOf("multipart/form-data; boundary=" + "x".repeat(71)))
                .isInstanceOf(HttpBadRequest.class)
                .hasMessageContaining("over 70 characters");
        assertThatThrownBy(() -> MultipartReader.boundaryOf("multipart/form-data; boundary"))
                .isInstanceOf(HttpBadRequest.class)
                .hasMessageContaining("malformed parameter");
    }
}
