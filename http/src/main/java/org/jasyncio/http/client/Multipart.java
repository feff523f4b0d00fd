package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import org.jasyncio.http.Headers;

/**
 * A {@code multipart/form-data} body (RFC 7578; aiohttp's {@code FormData} with files): text fields
 * and files, built in memory and sent with {@code Content-Length}, so it can be sent again on a 307
 * redirect or a retry.
 *
 * <pre>{@code
 * session.post("/upload", Multipart.formData()
 *         .field("title", "Holidays")
 *         .file("photo", "beach.jpg", bytes, "image/jpeg")
 *         .toBody());
 * }</pre>
 *
 * Names and file names are written as the HTML standard says browsers do: UTF-8, with {@code "},
 * CR and LF percent-encoded. Not thread-safe; each call adds a part and returns this builder.
 */
public final class Multipart {
    private record Part(Headers headers, byte[] content) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    Multipart(String boundary) {
        this.boundary = boundary;
    }

    /** An empty form with a random boundary. */
    public static Multipart formData() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new Multipart("jasyncio-" + HexFormat.of().formatHex(b));
    }

    /** The boundary between the parts. */
    public String boundary() {
        return boundary;
    }

    /** Adds a text field. */
    public Multipart field(String name, String value) {
        Objects.requireNonNull(value, "value");
        parts.add(new Part(new Headers().add("Content-Disposition", "form-data; name=\"" + escape(name) + "\""),
                value.getBytes(UTF_8)));
        return this;
    }

    /** Adds a file. */
    public Multipart file(String name, String filename, byte[] content, String contentType) {
        Objects.requireNonNull(content, "content");
        Headers h = new Headers().add("Content-Disposition",
                "form-data; name=\"" + escape(name) + "\"; filename=\"" + escape(filename) + "\"");
        h.add("Content-Type", contentType == null ? "application/octet-stream" : contentType);
        parts.add(new Part(h, content));
        return this;
    }

    /** How many parts it has. */
    public int size() {
        return parts.size();
    }

    /** The body to send, with its {@code multipart/form-data; boundary=...} content type. */
    public RequestBody toBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + boundary + "\r\n").getBytes(UTF_8));
            for (Headers.Field f : p.headers()) {
                out.writeBytes((f.name() + ": " + f.value() + "\r\n").getBytes(UTF_8));
            }
            out.writeBytes("\r\n".getBytes(UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
        return RequestBody.bytes(out.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    private static String escape(String s) {
        Objects.requireNonNull(s, "name");
        return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }

    @Override
    public String toString() {
        return "<Multipart form-data parts=" + parts.size() + " boundary=" + boundary + ">";
    }
}
