package org.jasyncio.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jasyncio.http.Headers;

/**
 * One part of a multipart body ({@link MultipartReader#next()}; aiohttp's {@code BodyPartReader}): its
 * headers, the form field's {@link #name()} and {@link #filename()} from its {@code Content-Disposition},
 * and its content, read in pieces ({@link #read()}) or whole ({@link #bytes()}, {@link #text()}). A part
 * is readable until the reader moves to the next one.
 */
public final class BodyPart {
    private final MultipartReader reader;
    private final Headers headers;
    private final int index;
    private final Map<String, String> disposition;
    private boolean done;

    BodyPart(MultipartReader reader, Headers headers, int index) {
        this.reader = reader;
        this.headers = headers;
        this.index = index;
        String cd = headers.get("Content-Disposition");
        this.disposition = cd == null
                ? Map.of()
                : HeaderParams.parse(
                        // browsers send names and file names in UTF-8 (RFC 7578 section 5.1)
                        new String(cd.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
                        "Content-Disposition of part " + index);
    }

    /** The part's headers. */
    public Headers headers() {
        return headers;
    }

    /** The form field's name ({@code Content-Disposition: form-data; name="..."}), or {@code null}. */
    public String name() {
        return disposition.get("name");
    }

    /**
     * The file name the client gave ({@code filename}, or the decoded {@code filename*}), or
     * {@code null} if this part is not a file. Never trust it as a path.
     */
    public String filename() {
        return disposition.get("filename");
    }

    /** The part's media type, lower case, without parameters; {@code text/plain} if it names none (RFC 7578 4.4). */
    public String contentType() {
        String ct = headers.get("Content-Type");
        return ct == null ? "text/plain" : HeaderParams.type(ct).toLowerCase(Locale.ROOT);
    }

    /**
     * The next piece of the part's content, or {@code null} at its end. Suspends until data comes.
     *
     * @throws HttpBadRequest if the body ends before the part's closing boundary
     */
    public byte[] read() throws IOException {
        if (done) {
            return null;
        }
        byte[] piece = reader.chunk();
        if (piece == null) {
            done = true;
        }
        return piece;
    }

    /** The rest of the content, whole. No limit applies: use {@link Request#form()} for bounded reads. */
    public byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece = read(); piece != null; piece = read()) {
            out.write(piece, 0, piece.length);
        }
        return out.toByteArray();
    }

    /** The rest of the content as text, in the part's {@code charset} (UTF-8 if it names none). */
    public String text() throws IOException {
        return new String(bytes(), HeaderParams.charset(headers.get("Content-Type")));
    }

    @Override
    public String toString() {
        return "BodyPart[" + index + ", name=" + name() + (filename() != null ? ", filename=" + filename() : "") + ", "
                + contentType() + (done ? ", read" : "") + "]";
    }
}
