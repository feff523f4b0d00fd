package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URLEncoder;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.jasyncio.net.StreamReader;

/**
 * What a request sends (aiohttp's {@code data=}, {@code json=}): bytes, text, a form, JSON, or a
 * stream of chunks. A body of known length goes with {@code Content-Length}; a stream goes chunked.
 *
 * <pre>{@code
 * session.post(url, RequestBody.json(Map.of("name", "Ada")));
 * session.post(url, RequestBody.form("q", "jasyncio", "page", "2"));
 * session.put(url, RequestBody.stream(chunks, "application/octet-stream"));
 * }</pre>
 *
 * A bytes, text, form, JSON or sized body can be sent again (a redirect that keeps the method, a retry);
 * a stream body cannot, so a request with one is neither retried nor re-sent on a 307/308 redirect.
 */
public sealed interface RequestBody {
    /** The {@code Content-Type} to send, or {@code null} for none. */
    String contentType();

    /** A body held in memory: sent with {@code Content-Length}, may be sent again. */
    record Bytes(byte[] data, String contentType) implements RequestBody {
        /** Keeps the array as given: do not change it until the request is sent. */
        public Bytes {
            Objects.requireNonNull(data, "data");
        }
    }

    /** A body read from a source of chunks as it is sent, chunked; sent once. */
    record Stream(Iterator<byte[]> chunks, String contentType) implements RequestBody {
        /** Checks the source. */
        public Stream {
            Objects.requireNonNull(chunks, "chunks");
        }
    }

    /**
     * A body of known length read from its source as it is sent, with {@code Content-Length}: each
     * send opens the source anew (so it may be sent again), e.g. a multipart form with files.
     *
     * @param source opens the chunks, once per send; their lengths must add up to {@code length}
     * @param length the exact number of bytes the chunks hold
     */
    record Sized(java.util.function.Supplier<Iterator<byte[]>> source, long length, String contentType)
            implements RequestBody {
        /** Checks the source and the length. */
        public Sized {
            Objects.requireNonNull(source, "source");
            if (length < 0) {
                throw new IllegalArgumentException("a Sized request body needs a length >= 0, got " + length);
            }
        }
    }

    /** A JSON body, encoded by the session's JSON codec when sent. */
    record Json(Object value) implements RequestBody {
        @Override
        public String contentType() {
            return "application/json";
        }
    }

    /** {@code data} as {@code application/octet-stream}. */
    static RequestBody bytes(byte[] data) {
        return new Bytes(data, "application/octet-stream");
    }

    /** {@code data} with a content type. */
    static RequestBody bytes(byte[] data, String contentType) {
        return new Bytes(data, contentType);
    }

    /** {@code text} as UTF-8 {@code text/plain}. */
    static RequestBody text(String text) {
        return new Bytes(text.getBytes(UTF_8), "text/plain; charset=utf-8");
    }

    /** {@code text} as UTF-8 with a content type. */
    static RequestBody text(String text, String contentType) {
        return new Bytes(text.getBytes(UTF_8), contentType);
    }

    /** {@code value} as JSON through the session's JSON codec. */
    static RequestBody json(Object value) {
        return new Json(value);
    }

    /** An {@code application/x-www-form-urlencoded} form from names and values, in order. */
    static RequestBody form(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "RequestBody.form() takes names and values in pairs, got an odd count: " + namesAndValues.length);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(namesAndValues[i], UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], UTF_8));
        }
        return new Bytes(sb.toString().getBytes(UTF_8), "application/x-www-form-urlencoded");
    }

    /** A form from a map, in its iteration order. */
    static RequestBody form(Map<String, String> fields) {
        return form(fields.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new));
    }

    /** A chunked body from an iterator of chunks (its {@code next()} may suspend, as a generator's does). */
    static RequestBody stream(Iterator<byte[]> chunks, String contentType) {
        return new Stream(chunks, contentType);
    }

    /** A chunked body from an iterable (e.g. an {@code Asyncio.generator}). */
    static RequestBody stream(Iterable<byte[]> chunks, String contentType) {
        return new Stream(chunks.iterator(), contentType);
    }

    /** A chunked body copied from a stream reader until its EOF (e.g. a file or another response). */
    static RequestBody stream(StreamReader reader, String contentType) {
        return new Stream(
                new Iterator<>() {
                    private byte[] next;
                    private boolean eof;

                    @Override
                    public boolean hasNext() {
                        if (next == null && !eof) {
                            try {
                                byte[] b = reader.read(64 * 1024);
                                if (b.length == 0) {
                                    eof = true;
                                } else {
                                    next = b;
                                }
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(
                                        "reading the request body from " + reader + " failed", e);
                            }
                        }
                        return next != null;
                    }

                    @Override
                    public byte[] next() {
                        if (!hasNext()) {
                            throw new java.util.NoSuchElementException(
                                    "the request body stream " + reader + " is at EOF");
                        }
                        byte[] b = next;
                        next = null;
                        return b;
                    }
                },
                contentType);
    }

    /** Whether it can be sent more than once. */
    default boolean replayable() {
        return !(this instanceof Stream);
    }
}
