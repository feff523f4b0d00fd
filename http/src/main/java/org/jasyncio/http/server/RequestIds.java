package org.jasyncio.http.server;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.jasyncio.http.Headers;

/**
 * Request ids: the client's (or a proxy's) {@code X-Request-Id} when it is sane (1 to 128 visible
 * ASCII characters), so that one id follows a request through several services; else a new one, a
 * random per-process prefix and a counter ({@code 3f9a1c02-17}): unique, cheap, and sortable per process.
 */
final class RequestIds {
    private static final String PREFIX;
    private static final byte[] PREFIX_BYTES;
    private static final AtomicLong COUNTER = new AtomicLong();

    static {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        PREFIX = HexFormat.of().formatHex(b);
        PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    }

    private RequestIds() {}

    /** This process's random prefix (8 hex digits). */
    static String prefix() {
        return PREFIX;
    }

    static String of(Headers headers) {
        String given = headers.get("X-Request-Id");
        if (given != null && sane(given)) {
            return given;
        }
        return next();
    }

    /**
     * A new id: {@code PREFIX-counter}, the counter in base 36, written straight into one array (rather
     * than {@code PREFIX + "-" + Long.toString(n, 36)}, which makes two strings and two arrays per request).
     */
    static String next() {
        return format(COUNTER.incrementAndGet());
    }

    /** The id of counter value {@code n} (not negative): {@code PREFIX + "-" + Long.toString(n, 36)}. */
    static String format(long n) {
        int digits = 1;
        for (long v = n; v >= 36; v /= 36) {
            digits++;
        }
        byte[] b = new byte[PREFIX_BYTES.length + 1 + digits];
        System.arraycopy(PREFIX_BYTES, 0, b, 0, PREFIX_BYTES.length);
        b[PREFIX_BYTES.length] = '-';
        for (int i = b.length - 1; i > PREFIX_BYTES.length; i--) {
            b[i] = (byte) Character.forDigit((int) (n % 36), 36);
            n /= 36;
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static boolean sane(String s) {
        if (s.isEmpty() || s.length() > 128) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
