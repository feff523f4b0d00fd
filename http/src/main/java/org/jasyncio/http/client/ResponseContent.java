package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jasyncio.net.IncompleteReadError;
import org.jasyncio.net.LimitOverrunError;

/**
 * A response body read as it arrives (aiohttp's {@code resp.content}, a {@code StreamReader}): in
 * chunks as the server sent them, in lines, or by exact sizes; decoded from gzip/deflate already.
 * Every read suspends until bytes come, under the session's read and total time limits.
 *
 * <pre>{@code
 * try (var resp = session.get(url)) {
 *     for (byte[] chunk : resp.content().chunks()) {
 *         file.write(chunk);
 *     }
 * }
 * }</pre>
 *
 * Reading to the end gives the connection back to the pool; closing the response before the end
 * closes the connection instead. Loop thread only; one reader at a time.
 */
public final class ResponseContent {
    private final ChunkSource source;
    /** Bytes read from the source but not yet given out: {@code buf[start..buf.length)}; null when none. */
    private byte[] buf;

    private int start;
    private boolean eof;
    private long consumed;

    ResponseContent(ChunkSource source) {
        this.source = source;
    }

    private boolean fill() throws IOException {
        if (buf != null) {
            return true;
        }
        if (eof) {
            return false;
        }
        byte[] next = source.next();
        if (next == null) {
            eof = true;
            return false;
        }
        buf = next;
        start = 0;
        return true;
    }

    private byte[] take(int n) {
        byte[] out;
        if (start == 0 && n == buf.length) {
            out = buf;
        } else {
            out = Arrays.copyOfRange(buf, start, start + n);
        }
        start += n;
        if (start == buf.length) {
            buf = null;
        }
        consumed += n;
        return out;
    }

    /** The next bytes as they came (aiohttp's {@code readany()}); an empty array at the end. */
    public byte[] readChunk() throws IOException {
        return fill() ? take(buf.length - start) : new byte[0];
    }

    /** Up to {@code n} bytes (at least one unless at the end); an empty array at the end. */
    public byte[] read(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException(
                    "ResponseContent.read(n) needs n >= 0, got " + n + "; readAll() reads everything");
        }
        if (n == 0 || !fill()) {
            return new byte[0];
        }
        return take(Math.min(n, buf.length - start));
    }

    /**
     * Exactly {@code n} bytes.
     *
     * @throws IncompleteReadError if the body ends first (with the bytes read before the end)
     */
    public byte[] readExactly(int n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("ResponseContent.readExactly(n) needs n >= 0, got " + n);
        }
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (!fill()) {
                throw new IncompleteReadError(Arrays.copyOf(out, got), n);
            }
            int k = Math.min(n - got, buf.length - start);
            System.arraycopy(buf, start, out, got, k);
            got += k;
            start += k;
            consumed += k;
            if (start == buf.length) {
                buf = null;
            }
        }
        return out;
    }

    /** The longest line {@link #readLine()} assembles: aiohttp's (and asyncio's) 64 KiB stream limit. */
    public static final int MAX_LINE = 1 << 16;

    /**
     * The next line with its {@code \n}; the rest without one at the end of the body; empty at the end.
     *
     * @throws LimitOverrunError if {@value #MAX_LINE} bytes came without a {@code \n} (they are consumed,
     *     as asyncio's {@code readline()} does): a body of endless lines cannot fill the heap
     */
    public byte[] readLine() throws IOException {
        ByteArrayOutputStream line = null;
        while (fill()) {
            if (line != null && line.size() > MAX_LINE) {
                throw new LimitOverrunError(
                        "readLine() on " + this + ": over " + MAX_LINE + " bytes without a line end", line.size());
            }
            int i = start;
            while (i < buf.length && buf[i] != '\n') {
                i++;
            }
            if (i < buf.length) {
                byte[] part = take(i + 1 - start);
                if (line == null) {
                    return part;
                }
                line.write(part, 0, part.length);
                return line.toByteArray();
            }
            if (line == null) {
                line = new ByteArrayOutputStream();
            }
            byte[] part = take(buf.length - start);
            line.write(part, 0, part.length);
        }
        return line == null ? new byte[0] : line.toByteArray();
    }

    /** Everything left, up to the end of the body. */
    public byte[] readAll() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (fill()) {
            byte[] part = take(buf.length - start);
            all.write(part, 0, part.length);
        }
        return all.toByteArray();
    }

    /** Whether the whole body was read. Does not suspend: false until a read met the end. */
    public boolean atEof() {
        return eof && buf == null;
    }

    /** How many (decoded) bytes were given out so far. */
    public long bytesRead() {
        return consumed;
    }

    /**
     * The rest of the body in chunks as they come (aiohttp's {@code iter_any()}); the iterator's
     * {@code hasNext()} suspends. An I/O error surfaces as an {@link UncheckedIOException} whose cause
     * is the client's error.
     */
    public Iterable<byte[]> chunks() {
        return () -> new Reading<>() {
            @Override
            byte[] read() throws IOException {
                byte[] b = readChunk();
                return b.length == 0 ? null : b;
            }
        };
    }

    /** The rest of the body in lines, UTF-8 decoded, without their line terminator ({@code \n} or {@code \r\n}). */
    public Iterable<String> lines() {
        return () -> new Reading<>() {
            @Override
            String read() throws IOException {
                byte[] b = readLine();
                if (b.length == 0) {
                    return null;
                }
                int end = b.length;
                if (end > 0 && b[end - 1] == '\n') {
                    end--;
                    if (end > 0 && b[end - 1] == '\r') {
                        end--;
                    }
                }
                return new String(b, 0, end, UTF_8);
            }
        };
    }

    /** An iterator over reads that end with null. */
    private abstract static class Reading<T> implements Iterator<T> {
        private T next;
        private boolean done;

        abstract T read() throws IOException;

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
                done = next == null;
            }
            return next != null;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the response body is at its end");
            }
            T t = next;
            next = null;
            return t;
        }
    }

    @Override
    public String toString() {
        return "<ResponseContent " + (atEof() ? "eof" : "open") + " read=" + consumed
                + (buf == null ? "" : " buffered=" + (buf.length - start)) + ">";
    }
}
