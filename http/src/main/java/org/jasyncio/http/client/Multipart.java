package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jasyncio.Asyncio;
import org.jasyncio.http.Headers;

/**
 * A {@code multipart/form-data} body (RFC 7578; aiohttp's {@code FormData} with files): text fields
 * and files. Files given as bytes are in memory; files given as a {@link Path} are read in chunks as
 * the body is sent (bounded memory), with {@code Content-Length} computed from their sizes, so the
 * body can still be sent again on a 307 redirect or a retry; a file given as chunks of unknown length
 * makes the body chunked, sent once.
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
    /**
     * One part: its headers and exactly one of its content in memory, a file read as it is sent, or
     * chunks of unknown total length (which make the whole body chunked).
     */
    private record Part(Headers headers, byte[] content, Path file, Iterator<byte[]> chunks) {}

    /** How much of a file one read takes: the most a file part holds in memory at once. */
    static final int FILE_CHUNK = 64 * 1024;

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
        parts.add(new Part(
                new Headers().add("Content-Disposition", "form-data; name=\"" + escape(name) + "\""),
                value.getBytes(UTF_8),
                null,
                null));
        return this;
    }

    /** Adds a file. */
    public Multipart file(String name, String filename, byte[] content, String contentType) {
        Objects.requireNonNull(content, "content");
        parts.add(new Part(fileHeaders(name, filename, contentType), content, null, null));
        return this;
    }

    /**
     * Adds a file read from {@code path} as the body is sent, {@value #FILE_CHUNK} bytes at a time on
     * the executor (aiohttp's {@code FormData.add_field} with an open file): its size is taken when
     * the body is made, and the file must keep it until the request is sent.
     */
    public Multipart file(String name, String filename, Path path, String contentType) {
        Objects.requireNonNull(path, "path");
        parts.add(new Part(fileHeaders(name, filename, contentType), null, path, null));
        return this;
    }

    /**
     * Adds a file whose content comes from {@code chunks} as the body is sent, length unknown: the
     * body then goes chunked and cannot be sent twice (no retry, no 307/308 re-send).
     */
    public Multipart file(String name, String filename, Iterator<byte[]> chunks, String contentType) {
        Objects.requireNonNull(chunks, "chunks");
        parts.add(new Part(fileHeaders(name, filename, contentType), null, null, chunks));
        return this;
    }

    private static Headers fileHeaders(String name, String filename, String contentType) {
        Headers h = new Headers()
                .add(
                        "Content-Disposition",
                        "form-data; name=\"" + escape(name) + "\"; filename=\"" + escape(filename) + "\"");
        h.add("Content-Type", contentType == null ? "application/octet-stream" : contentType);
        return h;
    }

    /** How many parts it has. */
    public int size() {
        return parts.size();
    }

    /**
     * The body to send, with its {@code multipart/form-data; boundary=...} content type: in memory
     * when every part is; streamed with {@code Content-Length} when files come from paths (every size
     * known; it can be sent again); streamed chunked when a part's length is unknown.
     *
     * @throws UncheckedIOException when a file's size cannot be read
     */
    public RequestBody toBody() {
        String type = "multipart/form-data; boundary=" + boundary;
        boolean inMemory = parts.stream().allMatch(p -> p.content() != null);
        if (inMemory) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Part p : parts) {
                out.writeBytes(partHead(p));
                out.writeBytes(p.content());
                out.writeBytes(CRLF);
            }
            out.writeBytes(closing());
            return RequestBody.bytes(out.toByteArray(), type);
        }
        boolean sized = parts.stream().allMatch(p -> p.chunks() == null);
        if (!sized) {
            return RequestBody.stream(segments().iterator(), type);
        }
        long length = closing().length;
        for (Part p : parts) {
            try {
                length += partHead(p).length
                        + (p.content() != null ? p.content().length : Files.size(p.file()))
                        + CRLF.length;
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "the size of " + p.file() + " (a part of " + this + ") cannot be read", e);
            }
        }
        return new RequestBody.Sized(() -> segments().iterator(), length, type);
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] partHead(Part p) {
        StringBuilder sb = new StringBuilder("--").append(boundary).append("\r\n");
        for (Headers.Field f : p.headers()) {
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(ISO_8859_1); // header values are bytes as chars
    }

    private byte[] closing() {
        return ("--" + boundary + "--\r\n").getBytes(UTF_8);
    }

    /** The body as a sequence of chunk sources, opened lazily as the body is sent. */
    private List<Iterable<byte[]>> segmentSources() {
        List<Iterable<byte[]>> out = new ArrayList<>();
        for (Part p : parts) {
            out.add(List.of(partHead(p)));
            if (p.content() != null) {
                out.add(List.of(p.content()));
            } else if (p.file() != null) {
                out.add(() -> new FileChunks(p.file()));
            } else {
                out.add(() -> p.chunks());
            }
            out.add(List.of(CRLF));
        }
        out.add(List.of(closing()));
        return out;
    }

    /** All the chunks of the body, one source after the other. */
    private Iterable<byte[]> segments() {
        List<Iterable<byte[]>> sources = segmentSources();
        return () -> new Iterator<>() {
            private int index;
            private Iterator<byte[]> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && index < sources.size()) {
                    current = sources.get(index++).iterator();
                }
                return current.hasNext();
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the multipart body of " + Multipart.this + " is complete");
                }
                return current.next();
            }
        };
    }

    /**
     * A file's bytes, {@link #FILE_CHUNK} at a time, each read on the executor (a read may block the
     * calling thread, which is the loop's); the file is open only while its chunks are read.
     */
    private static final class FileChunks implements Iterator<byte[]> {
        private final Path path;
        private FileChannel channel;
        private byte[] next;
        private boolean done;

        FileChunks(Path path) {
            this.path = path;
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    if (channel == null) {
                        channel = Asyncio.toThread(() -> FileChannel.open(path, StandardOpenOption.READ));
                    }
                    ByteBuffer buf = ByteBuffer.allocate(FILE_CHUNK);
                    int n = Asyncio.toThread(() -> channel.read(buf));
                    if (n < 0) {
                        done = true;
                        channel.close();
                    } else {
                        next = n == FILE_CHUNK ? buf.array() : java.util.Arrays.copyOf(buf.array(), n);
                    }
                } catch (IOException e) {
                    done = true;
                    closeQuietly();
                    throw new UncheckedIOException("reading " + path + " for a multipart body failed", e);
                } catch (RuntimeException e) {
                    closeQuietly(); // cancelled or timed out while sending: do not leak the file
                    throw e;
                } catch (Exception e) {
                    closeQuietly();
                    throw new UncheckedIOException(
                            "reading " + path + " for a multipart body failed", new IOException(e));
                }
            }
            return next != null;
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException(path + " is read to its end");
            }
            byte[] b = next;
            next = null;
            return b;
        }

        private void closeQuietly() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing after a failure: the first error is the one to report
                }
            }
        }
    }

    /**
     * A name or file name for a quoted {@code Content-Disposition} parameter, as browsers send it (the HTML
     * standard's form encoding): {@code "}, CR and LF percent-encoded, the rest in UTF-8, carried byte for
     * byte in the header's ISO-8859-1 string (RFC 7578 section 5.1), so that "żółw.txt" arrives as sent.
     */
    private static String escape(String s) {
        Objects.requireNonNull(s, "name");
        String escaped = s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        return new String(escaped.getBytes(UTF_8), ISO_8859_1);
    }

    @Override
    public String toString() {
        return "<Multipart form-data parts=" + parts.size() + " boundary=" + boundary + ">";
    }
}
