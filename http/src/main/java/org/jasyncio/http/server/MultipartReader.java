package org.jasyncio.http.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jasyncio.http.Headers;
import org.jasyncio.http.internal.HttpChars;

/**
 * A {@code multipart/*} request body read part by part as it arrives ({@link Request#multipart()};
 * aiohttp's {@code MultipartReader}): {@link #next()} gives each {@link BodyPart} in turn, whose content
 * is read in pieces, so a large upload streams to disk with bounded memory. A part not read to its end
 * is skipped when the next one is asked for.
 *
 * <pre>{@code
 * MultipartReader reader = request.multipart();
 * for (BodyPart part = reader.next(); part != null; part = reader.next()) {
 *     if (part.filename() != null) {
 *         try (var out = Files.newOutputStream(uploads.resolve(UUID.randomUUID().toString()))) {
 *             for (byte[] piece = part.read(); piece != null; piece = part.read()) {
 *                 out.write(piece);
 *             }
 *         }
 *     } else {
 *         fields.put(part.name(), part.text());
 *     }
 * }
 * }</pre>
 *
 * <p>Strict, as RFC 2046 and 7578 have it: a body without its boundary, a part's header block over
 * {@value #MAX_PART_HEADER_BYTES} bytes, a malformed part header, a delimiter followed by anything but
 * {@code --} or a line end, or a body that ends before the closing delimiter is a {@link HttpBadRequest}
 * (400) naming what was wrong. Loop thread only (the request's task).
 */
public final class MultipartReader {
    /** The most bytes a part's header block may have. */
    public static final int MAX_PART_HEADER_BYTES = 16 * 1024;

    /** Where the body's bytes come from: the next piece, or {@code null} at its end. */
    interface Source {
        byte[] read() throws IOException;
    }

    private enum State {
        PREAMBLE,
        AFTER_DELIMITER,
        BODY,
        DONE
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private final Source source;
    private final String boundary;
    /** CRLF "--" boundary: what ends a part's content. */
    private final byte[] delimiter;

    private byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private State state = State.PREAMBLE;
    private BodyPart current;
    private int parts;

    MultipartReader(String boundary, Source source) {
        this.source = source;
        this.boundary = boundary;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The body's first delimiter has no line end before it: start with one, so that every
        // delimiter, the first included, is CRLF "--" boundary (a preamble is then skipped alike).
        this.buf = new byte[Math.max(256, delimiter.length * 2)];
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /**
     * The boundary of a {@code multipart/*} {@code Content-Type} value.
     *
     * @throws HttpBadRequest if it has none or an invalid one
     */
    static String boundaryOf(String contentType) {
        String b = HeaderParams.parse(contentType, "Content-Type").get("boundary");
        if (b == null || b.isEmpty()) {
            throw new HttpBadRequest("a multipart body needs a boundary parameter in its Content-Type: \""
                    + Conversions.abbreviate(contentType) + "\"");
        }
        if (b.length() > 70 || b.endsWith(" ")) {
            throw new HttpBadRequest("multipart boundary \"" + Conversions.abbreviate(b)
                    + "\" is over 70 characters or ends with a space (RFC 2046 5.1.1)");
        }
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) < 0x20 || b.charAt(i) > 0x7E) {
                throw new HttpBadRequest("multipart boundary has a character outside printable ASCII");
            }
        }
        return b;
    }

    /** The boundary this body's parts are separated by. */
    public String boundary() {
        return boundary;
    }

    /**
     * The next part, or {@code null} after the last one. Skips what is left of the previous part.
     * Suspends until the part's headers have arrived.
     *
     * @throws HttpBadRequest if the body is not well-formed multipart
     * @throws org.jasyncio.net.ConnectionResetError if the client disconnects before the end
     */
    public BodyPart next() throws IOException {
        if (current != null) {
            while (current.read() != null) {
                // skip the rest of the previous part
            }
            current = null;
        }
        if (state == State.PREAMBLE) {
            while (chunk() != null) {
                // a preamble is ignored (RFC 2046 5.1.1)
            }
        }
        if (state == State.DONE) {
            return null;
        }
        // right after a delimiter: "--" closes the body, else optional blanks and a line end
        need(2, "after a boundary");
        if (buf[start] == '-' && buf[start + 1] == '-') {
            state = State.DONE;
            while (fill()) {
                start = end; // an epilogue is ignored
            }
            return null;
        }
        while (true) {
            need(1, "after a boundary");
            if (buf[start] != ' ' && buf[start] != '\t') {
                break;
            }
            start++;
        }
        need(2, "after a boundary");
        if (buf[start] != '\r' || buf[start + 1] != '\n') {
            throw new HttpBadRequest("multipart body: a boundary line of part " + (parts + 1)
                    + " goes on after the boundary (a delimiter must end the line)");
        }
        start += 2;
        Headers headers = readHeaders();
        parts++;
        state = State.BODY;
        current = new BodyPart(this, headers, parts);
        return current;
    }

    /** The most parts {@link Request#form()} reads from one body (Starlette's default, too). */
    static final int MAX_FORM_PARTS = 1000;

    /**
     * Reads every part into a form: a part with a {@code filename} becomes a {@link FormFile}, any other
     * a text field in its {@code charset}.
     *
     * @throws HttpBadRequest if a part has no {@code form-data} name, or there are over
     *     {@value #MAX_FORM_PARTS} parts
     */
    FormData form() throws IOException {
        FormData.Builder form = new FormData.Builder();
        for (BodyPart part = next(); part != null; part = next()) {
            if (parts > MAX_FORM_PARTS) {
                throw new HttpBadRequest("multipart/form-data body has over " + MAX_FORM_PARTS + " parts");
            }
            String name = part.name();
            if (name == null) {
                throw new HttpBadRequest(
                        "multipart/form-data part " + parts + " has no Content-Disposition: form-data; name=\"...\"");
            }
            if (part.filename() != null) {
                form.file(new FormFile(name, part.filename(), part.contentType(), part.headers(), part.bytes()));
            } else {
                form.field(name, part.text());
            }
        }
        return form.build();
    }

    /** How many parts have been started. */
    int parts() {
        return parts;
    }

    /** The next piece of the current part, or {@code null} at its end (or in the preamble's). */
    byte[] chunk() throws IOException {
        if (state != State.BODY && state != State.PREAMBLE) {
            return null;
        }
        while (true) {
            int at = indexOf(delimiter, start, end);
            if (at >= 0) {
                byte[] piece = Arrays.copyOfRange(buf, start, at);
                start = at + delimiter.length;
                state = State.AFTER_DELIMITER;
                return piece.length == 0 ? null : piece;
            }
            // all but a tail that may be the start of a delimiter can go
            int safe = end - (delimiter.length - 1);
            if (safe > start) {
                byte[] piece = Arrays.copyOfRange(buf, start, safe);
                start = safe;
                return piece;
            }
            if (!fill()) {
                throw new HttpBadRequest(
                        state == State.PREAMBLE
                                ? "multipart body: no boundary \"" + Conversions.abbreviate(boundary) + "\" in the body"
                                : "multipart body ended inside part " + parts + " before its closing boundary");
            }
        }
    }

    private Headers readHeaders() throws IOException {
        Headers headers = new Headers();
        int size = 0;
        while (true) {
            int eol = indexOf(CRLF, start, end);
            while (eol < 0) {
                if (size + end - start > MAX_PART_HEADER_BYTES) {
                    throw tooLong();
                }
                need(end - start + 1, "in the headers of part " + (parts + 1));
                eol = indexOf(CRLF, start, end);
            }
            if (eol == start) {
                start += 2; // the empty line that ends the headers
                return headers;
            }
            size += eol - start + 2;
            if (size > MAX_PART_HEADER_BYTES) {
                throw tooLong();
            }
            headers.add(headerName(eol), headerValue(eol));
            start = eol + 2;
        }
    }

    private String headerName(int eol) {
        if (buf[start] == ' ' || buf[start] == '\t') {
            throw badHeader("starts with whitespace (a folded line, obsolete and refused)");
        }
        int colon = start;
        while (colon < eol && buf[colon] != ':') {
            colon++;
        }
        if (colon == eol || colon == start) {
            throw badHeader("has no name and colon");
        }
        for (int i = start; i < colon; i++) {
            if (!HttpChars.isTchar(buf[i])) {
                throw badHeader(
                        buf[i] == ' ' || buf[i] == '\t'
                                ? "has whitespace before its colon"
                                : "has a character a header name may not have");
            }
        }
        return new String(buf, start, colon - start, StandardCharsets.ISO_8859_1);
    }

    private String headerValue(int eol) {
        int from = start;
        while (buf[from] != ':') {
            from++;
        }
        from++;
        int to = eol;
        while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
            from++;
        }
        while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
            to--;
        }
        for (int i = from; i < to; i++) {
            if (buf[i] == '\r' || buf[i] == '\n' || buf[i] == 0) {
                throw badHeader("has a bare CR, LF or NUL");
            }
        }
        // kept byte for byte, as header values are; BodyPart reads Content-Disposition as the UTF-8
        // browsers send (RFC 7578 section 5.1)
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private HttpBadRequest badHeader(String what) {
        return new HttpBadRequest("multipart body: a header line of part " + (parts + 1) + " " + what);
    }

    private HttpBadRequest tooLong() {
        return new HttpBadRequest(
                "multipart body: the headers of part " + (parts + 1) + " are over " + MAX_PART_HEADER_BYTES + " bytes");
    }

    /** Reads until at least {@code n} unread bytes are buffered. */
    private void need(int n, String where) throws IOException {
        while (end - start < n) {
            if (!fill()) {
                throw new HttpBadRequest("multipart body ended " + where + " (no closing boundary)");
            }
        }
    }

    /** Appends the source's next piece; {@code false} at its end. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        byte[] piece = source.read();
        if (piece == null) {
            eof = true;
            return false;
        }
        int unread = end - start;
        if (buf.length - unread < piece.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, unread + piece.length)];
            System.arraycopy(buf, start, bigger, 0, unread);
            buf = bigger;
        } else if (buf.length - end < piece.length) {
            System.arraycopy(buf, start, buf, 0, unread);
        } else {
            System.arraycopy(piece, 0, buf, end, piece.length);
            end += piece.length;
            return true;
        }
        start = 0;
        end = unread;
        System.arraycopy(piece, 0, buf, end, piece.length);
        end += piece.length;
        return true;
    }

    private int indexOf(byte[] what, int from, int to) {
        byte first = what[0];
        for (int i = from, last = to - what.length; i <= last; i++) {
            if (buf[i] == first && Arrays.equals(buf, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "MultipartReader[boundary=" + boundary + ", parts=" + parts + ", " + state + "]";
    }
}
