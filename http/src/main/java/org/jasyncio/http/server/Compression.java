package org.jasyncio.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.jasyncio.http.Headers;

/**
 * Compresses responses with gzip for clients that accept it (FastAPI's {@code GZipMiddleware},
 * aiohttp's {@code enable_compression()} applied to every response): a {@link Middleware}.
 *
 * <pre>{@code
 * app.middleware(Compression.gzip());                      // 500-byte minimum, level 6
 * app.middleware(Compression.gzip().withMinimumSize(1024).withLevel(9));
 * }</pre>
 *
 * <p>A response is compressed when all of these hold:
 * <ul>
 *   <li>the request's {@code Accept-Encoding} accepts {@code gzip} (or {@code x-gzip}, or {@code *})
 *       with a quality above 0;
 *   <li>its status is 200..599 but not 204, 206 or 304, and it has no {@code Content-Encoding} of its
 *       own (a handler that sets {@code Content-Encoding: identity} opts out), no {@code Content-Range}
 *       and no {@code Cache-Control: no-transform};
 *   <li>its type is text: {@code text/*} except {@code text/event-stream}, {@code application/json},
 *       {@code application/javascript}, {@code application/xml}, {@code application/x-www-form-urlencoded},
 *       {@code image/svg+xml}, or any {@code +json}/{@code +xml} type (images, archives and other
 *       compressed formats would only cost CPU);
 *   <li>its body is bytes or JSON of at least the minimum size, or a stream (then compressed as it is
 *       written: each write is flushed through the compressor, so a slow stream still arrives piece by
 *       piece). Files ({@link Response#file}) are sent as they are: their ranges and validators are of
 *       the file's bytes.
 * </ul>
 * A compressed response gets {@code Content-Encoding: gzip}, its strong {@code ETag} becomes weak (the
 * bytes differ from the identity ones), and its framing is the server's ({@code Content-Length} or
 * chunked). Every response that a client accepting gzip would get compressed carries {@code Vary:
 * Accept-Encoding}, compressed or not, so that a shared cache keeps the two apart (a body under the
 * minimum size is the same for everyone and gets none). So do the answers without a body of their
 * own whose 200 would have been compressed (RFC 9110 15.3.7, 15.4.5): a 304 unless its
 * {@code Content-Type} is not text (its {@code ETag} made weak only when the request's
 * {@code If-None-Match} lists the weak form of it and not the strong one),
 * a 206 of a text type whose complete length is unknown or at least the minimum size (for a
 * {@code multipart/byteranges} 206, the type and length in its parts' heads), and the answer to
 * {@code HEAD}, which is the GET's. A 204, a file, a response with its own
 * {@code Content-Encoding} or with {@code no-transform} is the same for everyone and gets none. The
 * {@code Vary} is merged into the handler's own as one field.
 *
 * <p>Add it first (outermost) so that it sees what the other middlewares made. Compression runs on
 * the loop: at level 6 about 50-100 MB/s per core for text; a handler that answers megabytes of JSON
 * per request may prefer a lower level.
 */
public final class Compression implements Middleware {
    /** The default minimum body size worth compressing, in bytes (Starlette's {@code minimum_size}). */
    public static final int DEFAULT_MINIMUM_SIZE = 500;
    /** The default level: zlib's default, aiohttp's. */
    public static final int DEFAULT_LEVEL = 6;

    private final int minimumSize;
    private final int level;

    private Compression(int minimumSize, int level) {
        if (minimumSize < 0) {
            throw new IllegalArgumentException("Compression minimumSize " + minimumSize + " must be >= 0");
        }
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("Compression level " + level + " must be 1 (fastest) to 9 (smallest)");
        }
        this.minimumSize = minimumSize;
        this.level = level;
    }

    /** gzip for bodies of {@value #DEFAULT_MINIMUM_SIZE} bytes or more, at level {@value #DEFAULT_LEVEL}. */
    public static Compression gzip() {
        return new Compression(DEFAULT_MINIMUM_SIZE, DEFAULT_LEVEL);
    }

    /** With another minimum size of the bytes and JSON bodies compressed ({@code 0}: all). */
    public Compression withMinimumSize(int minimumSize) {
        return new Compression(minimumSize, level);
    }

    /** With another level, 1 (fastest) to 9 (smallest). */
    public Compression withLevel(int level) {
        return new Compression(minimumSize, level);
    }

    /** The minimum size of the bytes and JSON bodies compressed. */
    public int minimumSize() {
        return minimumSize;
    }

    /** The compression level. */
    public int level() {
        return level;
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        Response response = next.handle(request);
        Headers h = response.headers();
        int status = response.status();
        if (status < 200 || status == 204) {
            return response; // no representation at all
        }
        if (h.contains("Content-Encoding") || noTransform(h) || response.bodyKind() instanceof Response.Body.File) {
            return response; // the same bytes for every client: nothing varies
        }
        if (status == 304) {
            notModified(request, h);
            return response;
        }
        if (status == 206) {
            partial(h, response.bodyKind());
            return response;
        }
        if (h.contains("Content-Range") || !compressible(h.get("Content-Type"))) {
            return response;
        }
        Response.Body body = response.bodyKind();
        byte[] data = switch (body) {
            case Response.Body.Bytes(byte[] b) -> b;
            case Response.Body.Json(Object value, var codec) -> {
                // written here, once: the server sends these bytes whether compressed or not
                byte[] json = (codec != null ? codec : request.app().json()).encode(value);
                response.replaceBody(new Response.Body.Bytes(json));
                yield json;
            }
            default -> null; // a stream
        };
        if (data != null && data.length < minimumSize) {
            return response;
        }
        addVary(h);
        if (!acceptsGzip(request.headers().getAll("Accept-Encoding"))) {
            return response;
        }
        if (data != null) {
            response.replaceBody(new Response.Body.Bytes(gzip(data, level)));
        } else {
            Response.BodyWriter writer = ((Response.Body.Stream) body).writer();
            response.replaceBody(new Response.Body.Stream(out -> {
                try (GzipStream gz = new GzipStream(out, level)) {
                    writer.writeTo(gz);
                    gz.finish();
                }
            }));
        }
        h.set("Content-Encoding", "gzip");
        weakenETag(h);
        return response;
    }

    /**
     * A 304 carries the {@code Vary} its 200 would have had (RFC 9110 15.4.5), or a cache that
     * revalidates its gzip copy with a client's identity request (or the reverse) would mix the two.
     * A 304 has no body to measure and seldom a {@code Content-Type} (RFC 9110 asks for none): unless
     * its own {@code Content-Type} says the 200 is not text, the 200 is taken to be compressible for
     * the {@code Vary}. Its {@code ETag} mirrors the validator the client stored: weak only when
     * {@code If-None-Match} lists the weak form of this tag and not the strong one (the client holds
     * the compressed 200), so that a 304 for a small, never compressed 200 keeps its strong tag, which
     * a cache copies onto its stored 200. Its {@code Content-Encoding} is left alone for the same
     * reason.
     */
    private void notModified(Request request, Headers h) {
        String type = h.get("Content-Type");
        if (type != null && !compressible(type)) {
            return;
        }
        addVary(h);
        String etag = h.get("ETag");
        if (etag != null
                && !etag.startsWith("W/")
                && storedWeak(request.headers().getAll("If-None-Match"), etag)) {
            h.set("ETag", "W/" + etag);
        }
    }

    /**
     * Whether the {@code If-None-Match} fields list {@code W/etag} and not {@code etag} itself: the
     * client's stored copy is the compressed 200, whose validator was weakened.
     */
    static boolean storedWeak(java.util.List<String> fields, String etag) {
        boolean weak = false;
        for (String field : fields) {
            int i = 0;
            int n = field.length();
            while (i < n) {
                char c = field.charAt(i);
                if (c == ',' || c == ' ' || c == '\t') {
                    i++;
                    continue;
                }
                boolean isWeak = field.startsWith("W/", i);
                int open = isWeak ? i + 2 : i;
                if (open >= n || field.charAt(open) != '"') {
                    int comma = field.indexOf(',', i); // "*" or junk: skipped
                    i = comma < 0 ? n : comma + 1;
                    continue;
                }
                int close = field.indexOf('"', open + 1);
                if (close < 0) {
                    break; // an unterminated tag: nothing more to read
                }
                String tag = field.substring(open, close + 1);
                if (tag.equals(etag)) {
                    if (!isWeak) {
                        return false; // the client holds the strong validator: keep it
                    }
                    weak = true;
                }
                i = close + 1;
            }
        }
        return weak;
    }

    /**
     * A 206 (made by the handler: files are not compressed) is of the identity bytes and stays so,
     * but carries the {@code Vary} its 200 would have had (RFC 9110 15.3.7): a text body whose
     * complete length, from {@code Content-Range}, is unknown or at least the minimum size. A
     * {@code multipart/byteranges} 206 (several ranges, RFC 9110 14.6) has neither in its own head:
     * they are in its parts' heads, read from its first part when the body is bytes (every part is of
     * the same representation). A streamed one cannot be read ahead and gets the {@code Vary}, as an
     * unknown length does: a needless {@code Vary} costs a cache a second copy, a missing one serves
     * a client an encoding it did not ask for.
     */
    private void partial(Headers h, Response.Body body) {
        String type = h.get("Content-Type");
        String range = h.get("Content-Range");
        if (type != null && mediaType(type).equals("multipart/byteranges")) {
            if (!(body instanceof Response.Body.Bytes(byte[] data))) {
                addVary(h);
                return;
            }
            Headers part = firstPartHead(data, boundary(type));
            if (part == null) {
                addVary(h); // unreadable: the safe side
                return;
            }
            type = part.get("Content-Type");
            range = part.get("Content-Range");
        }
        if (!compressible(type)) {
            return;
        }
        int slash = range == null ? -1 : range.lastIndexOf('/');
        if (slash >= 0) {
            String complete = range.substring(slash + 1).strip();
            try {
                if (!complete.equals("*") && Long.parseLong(complete) < minimumSize) {
                    return;
                }
            } catch (NumberFormatException e) {
                // an unreadable length: taken as unknown, the Vary is the safe side
            }
        }
        addVary(h);
    }

    /** A {@code Content-Type}'s media type, lower case, without parameters. */
    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** The {@code boundary} parameter of a {@code multipart/*} type (quotes removed), or null. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("boundary")) {
                String v = p.substring(eq + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /**
     * How many bytes of a {@code multipart/byteranges} body are read for its first part's head: the
     * delimiter and a few fields, after at most a short preamble. A body of any size is not copied for
     * them.
     */
    static final int PART_HEAD_SCAN = 8192;

    /**
     * The header fields of a multipart body's first part (RFC 2046 5.1.1: the delimiter
     * {@code --boundary}, then fields up to an empty line), or null when there is no boundary, no
     * delimiter or no end of the fields in {@code data}'s first {@link #PART_HEAD_SCAN} bytes, or a
     * line that is not a field (the handler's body: never checked as a header block).
     */
    static Headers firstPartHead(byte[] data, String boundary) {
        if (boundary == null) {
            return null;
        }
        // field bytes as they are
        String body = new String(data, 0, Math.min(data.length, PART_HEAD_SCAN), StandardCharsets.ISO_8859_1);
        int at = body.indexOf("--" + boundary);
        if (at < 0) {
            return null;
        }
        int line = body.indexOf('\n', at);
        Headers fields = new Headers();
        while (line >= 0) {
            int next = body.indexOf('\n', line + 1);
            if (next < 0) {
                return null;
            }
            String field = body.substring(line + 1, next).strip();
            if (field.isEmpty()) {
                return fields;
            }
            int colon = field.indexOf(':');
            if (colon > 0) {
                try {
                    fields.add(
                            field.substring(0, colon).strip(),
                            field.substring(colon + 1).strip());
                } catch (IllegalArgumentException notAField) {
                    return null;
                }
            }
            line = next;
        }
        return null;
    }

    /** Whether the response's {@code Cache-Control} forbids transforming its content (RFC 9111 5.2.2.6). */
    static boolean noTransform(Headers h) {
        for (String field : h.getAll("Cache-Control")) {
            for (String directive : field.split(",")) {
                if (directive.strip().equalsIgnoreCase("no-transform")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void weakenETag(Headers h) {
        String etag = h.get("ETag");
        if (etag != null && !etag.startsWith("W/")) {
            h.set("ETag", "W/" + etag);
        }
    }

    /** Whether a body of this {@code Content-Type} is text worth compressing. */
    static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi))
                .strip()
                .toLowerCase(Locale.ROOT);
        if (type.startsWith("text/")) {
            return !type.equals("text/event-stream");
        }
        return switch (type) {
            case "application/json",
                    "application/javascript",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "image/svg+xml" -> true;
            default -> type.endsWith("+json") || type.endsWith("+xml");
        };
    }

    /**
     * Whether {@code Accept-Encoding} (all its fields) accepts gzip: {@code gzip}, {@code x-gzip} or
     * {@code *} with a quality above 0, and gzip not refused by name ({@code gzip;q=0}).
     */
    static boolean acceptsGzip(java.util.List<String> fields) {
        double gzip = -1;
        double star = -1;
        for (String field : fields) {
            for (String item : field.split(",")) {
                String[] parts = item.split(";");
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].strip();
                    if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                        try {
                            q = Double.parseDouble(p.substring(2).strip());
                        } catch (NumberFormatException e) {
                            q = 0; // a malformed weight accepts nothing (RFC 9110 12.4.2 allows 0 to 1)
                        }
                    }
                }
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = Math.max(gzip, q);
                } else if (coding.equals("*")) {
                    star = Math.max(star, q);
                }
            }
        }
        return gzip >= 0 ? gzip > 0 : star > 0;
    }

    /**
     * Adds {@code Accept-Encoding} to the response's {@code Vary}, merged into one field with the
     * handler's own tokens (a cache that reads only the first {@code Vary} line still sees it): not
     * when a token names it already (any case), nor when one is {@code *} (varies on everything).
     */
    static void addVary(Headers h) {
        java.util.List<String> tokens = new java.util.ArrayList<>();
        for (String v : h.getAll("Vary")) {
            for (String token : v.split(",")) {
                String t = token.strip();
                if (t.equals("*") || t.equalsIgnoreCase("Accept-Encoding")) {
                    return;
                }
                if (!t.isEmpty()) {
                    tokens.add(t);
                }
            }
        }
        tokens.add("Accept-Encoding");
        h.set("Vary", String.join(", ", tokens));
    }

    /** {@code data} as one gzip member (RFC 1952). */
    static byte[] gzip(byte[] data, int level) {
        Deflater d = new Deflater(level, true);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 3));
            out.writeBytes(HEADER);
            d.setInput(data);
            d.finish();
            byte[] buf = new byte[Math.min(64 * 1024, Math.max(512, data.length))];
            while (!d.finished()) {
                int n = d.deflate(buf);
                out.write(buf, 0, n);
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            writeTrailer(out, crc.getValue(), data.length);
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** A gzip header: magic, deflate, no flags, no time, no extra flags, OS unknown. */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private static void writeTrailer(ByteArrayOutputStream out, long crc, long size) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (crc >>> (8 * i)) & 0xff);
        }
        for (int i = 0; i < 4; i++) {
            out.write((int) (size >>> (8 * i)) & 0xff);
        }
    }

    /**
     * A streamed body compressed on the way: each write goes through the deflater with a sync flush
     * and out as one piece, so the client can decompress what was written so far.
     */
    private static final class GzipStream implements ResponseStream, AutoCloseable {
        private final ResponseStream out;
        private final Deflater deflater;
        private final CRC32 crc = new CRC32();
        private final byte[] buf = new byte[16 * 1024];
        private long size;
        private boolean headerSent;

        GzipStream(ResponseStream out, int level) {
            this.out = out;
            this.deflater = new Deflater(level, true);
        }

        @Override
        public void write(byte[] data) throws IOException {
            if (data.length == 0) {
                return;
            }
            crc.update(data);
            size += data.length;
            deflater.setInput(data);
            ByteArrayOutputStream piece = new ByteArrayOutputStream(data.length / 2 + 64);
            if (!headerSent) {
                piece.writeBytes(HEADER);
                headerSent = true;
            }
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                piece.write(buf, 0, n);
            } while (n == buf.length || !deflater.needsInput());
            out.write(piece.toByteArray());
        }

        @Override
        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean isClosing() {
            return out.isClosing();
        }

        /** Ends the gzip member: the deflater's last block and the trailer. */
        void finish() throws IOException {
            ByteArrayOutputStream piece = new ByteArrayOutputStream(64);
            if (!headerSent) {
                piece.writeBytes(HEADER);
                headerSent = true;
            }
            deflater.finish();
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                piece.write(buf, 0, n);
            }
            writeTrailer(piece, crc.getValue(), size);
            out.write(piece.toByteArray());
        }

        @Override
        public void close() {
            deflater.end();
        }
    }
}
