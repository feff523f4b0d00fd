package org.jasyncio.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.jasyncio.http.Headers;
import org.jasyncio.http.codec.BodyFraming;
import org.jasyncio.http.codec.HttpWriter;

/**
 * Sends a file ({@link Response#file}): validators ({@code ETag} from size and modification time,
 * {@code Last-Modified}), conditional requests ({@code If-None-Match}, {@code If-Modified-Since} → 304),
 * one byte range ({@code Range: bytes=a-b}, {@code a-}, {@code -n} → 206, unsatisfiable → 416; several
 * ranges are answered with the whole file, as RFC 9110 allows), read from a {@code FileChannel} in
 * 64 KiB pieces, each written once the socket took the previous one (bounded memory for any size).
 *
 * <p>The file is read on the loop thread: local files are fast to read and a thread hop per piece
 * would cost more than it saves; a slow network file system is the case where this blocks the loop.
 */
final class FileSender {
    private static final int PIECE = 64 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("wasm", "application/wasm"),
            Map.entry("xml", "application/xml"),
            Map.entry("md", "text/markdown; charset=utf-8"));

    private FileSender() {}

    static long send(
            ResponseSender sender, Request request, Response response, Path path, Headers headers, boolean keepAlive)
            throws HttpConnection.SendFailed {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            attrs = null;
        } catch (IOException e) {
            attrs = null;
        }
        if (attrs == null || !attrs.isRegularFile()) {
            return sender.send(
                    request, new HttpNotFound("no file " + path.getFileName()).toResponse(request.app()), keepAlive);
        }
        long size = attrs.size();
        long mtime = attrs.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime) + "\"";
        String lastModified = HttpWriter.httpDate(mtime);
        headers.set("ETag", etag);
        headers.set("Last-Modified", lastModified);
        headers.set("Accept-Ranges", "bytes");
        if (!headers.contains("Content-Type")) {
            headers.set("Content-Type", contentType(path));
        }
        if (notModified(request, etag, mtime)) {
            headers.remove("Content-Type");
            sender.write(sender.headFor(304, "Not Modified", headers, keepAlive, request), BodyFraming.NONE, null, 0);
            return 0;
        }
        long from = 0;
        long to = size - 1;
        int status = response.status();
        String range = request.header("Range");
        if (range != null && status == 200 && ifRangeMatches(request, etag, lastModified)) {
            long[] r = parseRange(range, size);
            if (r == null) {
                headers.set("Content-Range", "bytes */" + size);
                headers.set("Content-Type", "text/plain; charset=utf-8");
                byte[] body = ("416 Range Not Satisfiable: " + Conversions.abbreviate(range) + " for " + size
                                + " bytes\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sender.write(
                        sender.headFor(416, "Range Not Satisfiable", headers, keepAlive, request),
                        BodyFraming.length(body.length),
                        body,
                        body.length);
                return body.length;
            }
            if (r.length == 2) {
                from = r[0];
                to = r[1];
                status = 206;
                headers.set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
        }
        long length = to - from + 1;
        String reason = status == 206 ? "Partial Content" : response.reason();
        if (request.method().equals("HEAD")) {
            headers.set("Content-Length", Long.toString(length));
            sender.write(sender.headFor(status, reason, headers, keepAlive, request), BodyFraming.NONE, null, 0);
            return 0;
        }
        HttpConnection c = sender.connection();
        HttpWriter w = sender.writer();
        long sent = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            c.queue(w.responseHead(
                    sender.headFor(status, reason, headers, keepAlive, request), BodyFraming.length(length)));
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(PIECE, Math.max(length, 1)));
            long pos = from;
            while (sent < length) {
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), length - sent));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("file " + path + " shrank while being sent");
                }
                c.send(w.data(buf.array(), 0, n)); // a copy: buf is read into again
                sent += n;
                pos += n;
                c.drain();
            }
            c.queue(w.end(null));
            return sent;
        } catch (IOException e) {
            sender.markMustClose();
            if (!c.lost()) {
                c.reportError("Error sending file " + path + " for " + request, e);
                c.transport().abort();
            }
            throw new HttpConnection.SendFailed(sent, e);
        }
    }

    private static boolean notModified(Request request, String etag, long mtime) {
        String inm = request.header("If-None-Match");
        if (inm != null) {
            for (String t : inm.split(",")) {
                String tag = t.strip();
                if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        String ims = request.header("If-Modified-Since");
        if (ims != null) {
            try {
                long since = ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant()
                        .toEpochMilli();
                return mtime / 1000 <= since / 1000;
            } catch (DateTimeParseException ignored) {
                return false; // an unreadable date is ignored (RFC 9110 13.1.3)
            }
        }
        return false;
    }

    private static boolean ifRangeMatches(Request request, String etag, String lastModified) {
        String ifRange = request.header("If-Range");
        return ifRange == null
                || ifRange.strip().equals(etag)
                || ifRange.strip().equals(lastModified);
    }

    /** {from, to} for one satisfiable range; an empty array to send it all; {@code null} if unsatisfiable. */
    static long[] parseRange(String header, long size) {
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return new long[0];
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[0];
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - n), size - 1};
            }
            long from = Long.parseLong(a);
            long to = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (from < 0 || from >= size || to < from) {
                return null;
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            return new long[0];
        }
    }

    static String contentType(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
