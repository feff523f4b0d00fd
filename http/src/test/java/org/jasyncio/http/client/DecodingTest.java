package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.http.client.Fixtures.respond;
import static org.jasyncio.http.client.Fixtures.serve;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jasyncio.testing.AsyncTest;

class DecodingTest {
    static final String TEXT = "jasyncio ".repeat(20_000); // 180 kB: several chunks on the way in and out

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean zlib) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, !zlib);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static Fixtures.TestServer server() throws Exception {
        byte[] raw = TEXT.getBytes(UTF_8);
        byte[] gz = gzip(raw);
        byte[] corrupt = gz.clone();
        corrupt[corrupt.length - 6] ^= 1; // the CRC-32 in the trailer
        return serve((req, w, r) -> {
            switch (req.target()) {
                case "/gzip" -> respond(w, 200, gz, "Content-Encoding", "gzip");
                case "/zlib" -> respond(w, 200, deflate(raw, true), "Content-Encoding", "deflate");
                case "/raw-deflate" -> respond(w, 200, deflate(raw, false), "Content-Encoding", "deflate");
                case "/corrupt" -> respond(w, 200, corrupt, "Content-Encoding", "gzip");
                case "/truncated" -> respond(w, 200, Arrays.copyOf(gz, gz.length / 2), "Content-Encoding", "gzip");
                case "/empty" -> respond(w, 200, new byte[0], "Content-Encoding", "gzip");
                default -> respond(w, 200, "accept-encoding=" + req.header("accept-encoding"));
            }
            return true;
        });
    }

    @AsyncTest
    void gzipAndBothDeflatesAreDecodedAsTheyStream() throws Exception {
        try (var s = server();
                var session = new ClientSession()) {
            assertThat(session.get(s.url("/gzip")).text()).isEqualTo(TEXT);
            assertThat(session.get(s.url("/zlib")).text()).isEqualTo(TEXT);
            assertThat(session.get(s.url("/raw-deflate")).text()).isEqualTo(TEXT);
            assertThat(session.get(s.url("/empty")).text()).isEmpty();
            try (var resp = session.get(s.url("/gzip"))) {
                long n = 0;
                for (byte[] chunk : resp.content().chunks()) {
                    n += chunk.length;
                }
                assertThat(n).isEqualTo(TEXT.length());
            }
            assertThat(s.connections.get()).isEqualTo(1); // every decoded body was read to its end
        }
    }

    @AsyncTest
    void aCorruptOrTruncatedCompressedBodyIsAPayloadError() throws Exception {
        try (var s = server();
                var session = new ClientSession()) {
            assertThatThrownBy(() -> session.get(s.url("/corrupt")).bytes())
                    .isInstanceOf(ClientPayloadError.class)
                    .hasMessageContaining("CRC-32 or size does not match");
            assertThatThrownBy(() -> session.get(s.url("/truncated")).bytes())
                    .isInstanceOf(ClientPayloadError.class)
                    .hasMessageContaining("the compressed stream is truncated");
            assertThat(session.pool().inUse()).isZero();
        }
    }

    @AsyncTest
    void decompressionCanBeTurnedOff() throws Exception {
        try (var s = server();
                var session = ClientSession.builder().decompress(false).build()) {
            assertThat(session.get(s.url("/")).text()).isEqualTo("accept-encoding=null");
            byte[] body = session.get(s.url("/gzip")).bytes();
            assertThat(body).isEqualTo(gzip(TEXT.getBytes(UTF_8)));
        }
    }
}
