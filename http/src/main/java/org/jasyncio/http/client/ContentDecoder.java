package org.jasyncio.http.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a {@code gzip} or {@code deflate} body as it is read, chunk by chunk, with
 * {@link Inflater} (no stream wrapper: the body is pulled, not pushed, and a
 * {@link java.util.zip.GZIPInputStream} would block on a pipe). {@code deflate} is taken as RFC 9110
 * says (zlib-wrapped) or, as some servers send it, raw; the first two bytes tell which.
 */
final class ContentDecoder implements ChunkSource {
    private enum Format {
        GZIP,
        DEFLATE
    }

    private static final int OUT_SIZE = 64 * 1024;

    private final ChunkSource raw;
    private final Format format;
    private final String what;
    private Inflater inflater;
    /** gzip: header bytes gathered until the whole header is in. */
    private ByteArrayOutputStream header = new ByteArrayOutputStream();

    private final CRC32 crc = new CRC32();
    private long size;
    /** Bytes after the deflate stream (gzip trailer). */
    private final ByteArrayOutputStream trailer = new ByteArrayOutputStream();

    private boolean end;
    /** The array last given to the Inflater: its tail holds what the Inflater did not consume. */
    private byte[] lastInput;

    private ContentDecoder(ChunkSource raw, Format format, String what) {
        this.raw = raw;
        this.format = format;
        this.what = what;
    }

    /** A decoder for {@code encoding} over {@code raw}, or {@code raw} itself for identity or unknown codings. */
    static ChunkSource over(ChunkSource raw, String encoding, String what) {
        if (encoding == null) {
            return raw;
        }
        return switch (encoding.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "gzip", "x-gzip" -> new ContentDecoder(raw, Format.GZIP, what);
            case "deflate" -> new ContentDecoder(raw, Format.DEFLATE, what);
            default -> raw;
        };
    }

    @Override
    public byte[] next() throws IOException {
        while (!end) {
            if (inflater != null && !inflater.needsInput()) {
                byte[] out = inflate();
                if (out.length > 0) {
                    return out;
                }
                if (inflater.finished()) {
                    continue;
                }
            }
            byte[] in = raw.next();
            if (in == null) {
                finishAtEnd();
                return null;
            }
            feed(in);
            if (inflater != null) {
                byte[] out = inflate();
                if (out.length > 0) {
                    return out;
                }
            }
        }
        // After the compressed stream: drain the raw body so the connection can be reused.
        while (true) {
            byte[] in = raw.next();
            if (in == null) {
                finishAtEnd();
                return null;
            }
            trailer.write(in, 0, in.length);
        }
    }

    private void feed(byte[] in) throws ClientPayloadError {
        if (inflater == null) {
            if (format == Format.DEFLATE) {
                boolean zlib =
                        in.length >= 2 && (in[0] & 0x0f) == 8 && (((in[0] & 0xff) << 8) | (in[1] & 0xff)) % 31 == 0;
                inflater = new Inflater(!zlib);
                setInput(in, 0);
                return;
            }
            header.write(in, 0, in.length);
            byte[] h = header.toByteArray();
            int len = gzipHeaderLength(h);
            if (len < 0) {
                return; // more header to come
            }
            header = null;
            inflater = new Inflater(true);
            setInput(h, len);
            return;
        }
        if (inflater.finished()) {
            trailer.write(in, 0, in.length);
        } else {
            setInput(in, 0);
        }
    }

    private void setInput(byte[] in, int off) {
        lastInput = in;
        inflater.setInput(in, off, in.length - off);
    }

    private byte[] inflate() throws ClientPayloadError {
        byte[] out = new byte[OUT_SIZE];
        try {
            int n = inflater.inflate(out);
            if (inflater.finished()) {
                int rest = inflater.getRemaining();
                if (rest > 0) {
                    // The trailer's first bytes came in the same input as the stream's end: they are the
                    // last `rest` bytes of that input.
                    trailer.write(lastInput, lastInput.length - rest, rest);
                }
                end = true;
            }
            if (n == 0 && !inflater.finished() && inflater.needsDictionary()) {
                throw new ClientPayloadError(
                        "cannot decode the " + format.name().toLowerCase() + " body of " + what
                                + ": it needs a preset dictionary",
                        null);
            }
            if (format == Format.GZIP) {
                crc.update(out, 0, n);
                size += n;
            }
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new ClientPayloadError(
                    "cannot decode the " + format.name().toLowerCase() + " body of " + what + ": " + e.getMessage(), e);
        }
    }

    private void finishAtEnd() throws ClientPayloadError {
        if (!end) {
            if (inflater == null && header != null && header.size() == 0) {
                end = true; // an empty body: nothing to decode
                return;
            }
            throw new ClientPayloadError(
                    "cannot decode the " + format.name().toLowerCase() + " body of " + what
                            + ": the compressed stream is truncated ("
                            + (inflater == null ? 0 : inflater.getBytesRead())
                            + " compressed bytes read)",
                    null);
        }
        if (format == Format.GZIP) {
            byte[] t = trailer.toByteArray();
            if (t.length < 8) {
                throw new ClientPayloadError(
                        "cannot decode the gzip body of " + what + ": the 8-byte trailer is missing", null);
            }
            long crcGiven = le32(t, 0);
            long sizeGiven = le32(t, 4);
            if (crcGiven != crc.getValue() || sizeGiven != (size & 0xffffffffL)) {
                throw new ClientPayloadError(
                        "cannot decode the gzip body of " + what + ": the trailer's CRC-32 or size"
                                + " does not match the data (corrupt body)",
                        null);
            }
        }
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    /** The length of a complete gzip header at the start of {@code h}, or -1 if more bytes are needed. */
    private int gzipHeaderLength(byte[] h) throws ClientPayloadError {
        if (h.length < 10) {
            return -1;
        }
        if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8) {
            throw new ClientPayloadError(
                    "cannot decode the gzip body of " + what + ": no gzip header (magic 1f 8b 08)", null);
        }
        int flags = h[3] & 0xff;
        int p = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (h.length < p + 2) {
                return -1;
            }
            p += 2 + ((h[p] & 0xff) | ((h[p + 1] & 0xff) << 8));
        }
        for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & bit) != 0) {
                while (p < h.length && h[p] != 0) {
                    p++;
                }
                if (p >= h.length) {
                    return -1;
                }
                p++;
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            p += 2;
        }
        return p <= h.length ? p : -1;
    }
}
