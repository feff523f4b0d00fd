package org.jasyncio.http.codec;

import org.jasyncio.http.internal.HttpChars;

/**
 * Reads a chunk-size line (RFC 9112 7.1): {@code 1*HEXDIG}, then chunk extensions
 * {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}. The extensions are checked
 * and dropped: nothing in HTTP/1.1 defines one, and passing them on would be a second reading of the
 * line.
 */
final class ChunkLine {
    private ChunkLine() {}

    /**
     * The size of the chunk whose line is {@code in[start..cr)} (the scanner found CRLF at {@code cr}).
     *
     * @param base the stream offset of {@code in[0]}, for the exception
     */
    static long size(byte[] in, int start, int cr, int maxExtension, int status, long base) {
        int i = start;
        long size = 0;
        while (i < cr) {
            int h = HttpChars.hexValue(in[i]);
            if (h < 0) {
                break;
            }
            if (size > (Long.MAX_VALUE >> 4)) {
                throw HeadReader.fail(status, "chunk-size overflows 63 bits", base, i);
            }
            size = (size << 4) | h;
            i++;
        }
        if (i == start) {
            throw HeadReader.fail(status, "chunk-size is not 1*HEXDIG (RFC 9112 7.1)", base, i);
        }
        int extStart = i;
        while (i < cr) {
            i = skipBws(in, i, cr);
            if (i == cr) {
                throw HeadReader.fail(
                        status, "whitespace not followed by a chunk extension (RFC 9112 7.1.1: BWS \";\")", base, i);
            }
            if (in[i] != ';') {
                throw HeadReader.fail(
                        status,
                        "invalid character 0x" + Integer.toHexString(in[i] & 0xFF)
                                + (i == extStart
                                        ? " after chunk-size (RFC 9112 7.1)"
                                        : " in chunk extensions (RFC 9112 7.1.1)"),
                        base,
                        i);
            }
            i = skipBws(in, i + 1, cr);
            int name = i;
            while (i < cr && HttpChars.isTchar(in[i])) {
                i++;
            }
            if (i == name) {
                throw HeadReader.fail(status, "chunk extension without a token name (RFC 9112 7.1.1)", base, i);
            }
            int eq = skipBws(in, i, cr);
            if (eq < cr && in[eq] == '=') {
                i = extensionValue(in, skipBws(in, eq + 1, cr), cr, status, base);
            }
        }
        if (cr - extStart > maxExtension) {
            throw HeadReader.fail(status, "chunk extensions longer than " + maxExtension + " bytes", base, extStart);
        }
        return size;
    }

    private static int skipBws(byte[] in, int i, int cr) {
        while (i < cr && (in[i] == ' ' || in[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** A chunk extension's value, token or quoted-string; returns the index after it. */
    private static int extensionValue(byte[] in, int i, int cr, int status, long base) {
        if (i < cr && in[i] == '"') {
            i++;
            while (true) {
                if (i >= cr) {
                    throw HeadReader.fail(
                            status, "unterminated quoted-string in chunk extension (RFC 9110 5.6.4)", base, i);
                }
                byte b = in[i];
                if (b == '"') {
                    return i + 1;
                }
                if (b == '\\') {
                    if (i + 1 >= cr) {
                        throw HeadReader.fail(
                                status, "unterminated quoted-pair in chunk extension (RFC 9110 5.6.4)", base, i);
                    }
                    byte q = in[i + 1];
                    if (q != '\t' && q != ' ' && !HttpChars.isFieldVchar(q)) {
                        throw HeadReader.fail(
                                status, "invalid quoted-pair in chunk extension (RFC 9110 5.6.4)", base, i + 1);
                    }
                    i += 2;
                } else if (HttpChars.isQdtext(b)) {
                    i++;
                } else {
                    throw HeadReader.fail(
                            status,
                            "invalid character 0x" + Integer.toHexString(b & 0xFF)
                                    + " in quoted chunk extension (RFC 9110 5.6.4)",
                            base,
                            i);
                }
            }
        }
        int v = i;
        while (i < cr && HttpChars.isTchar(in[i])) {
            i++;
        }
        if (i == v) {
            throw HeadReader.fail(
                    status, "chunk extension value is neither token nor quoted-string (RFC 9112 7.1.1)", base, i);
        }
        return i;
    }
}
