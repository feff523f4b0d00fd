package org.jasyncio.http.server;

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
    private static final AtomicLong COUNTER = new AtomicLong();

    static {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        PREFIX = HexFormat.of().formatHex(b);
    }

    private RequestIds() {}

    static String of(Headers headers) {
        String given = headers.get("X-Request-Id");
        if (given != null && sane(given)) {
            return given;
        }
        return PREFIX + "-" + Long.toString(COUNTER.incrementAndGet(), 36);
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
