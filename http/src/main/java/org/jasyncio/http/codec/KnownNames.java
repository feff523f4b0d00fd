package org.jasyncio.http.codec;

/**
 * Canonical {@code String}s for common header names and methods, so parsing them allocates nothing:
 * a name whose bytes equal one of these spellings exactly is given as that constant.
 */
final class KnownNames {
    private KnownNames() {}

    private static final String[] HEADERS = {
        "Host",
        "Connection",
        "Content-Length",
        "Content-Type",
        "Transfer-Encoding",
        "Accept",
        "Accept-Encoding",
        "Accept-Language",
        "User-Agent",
        "Cookie",
        "Set-Cookie",
        "Date",
        "Server",
        "Expect",
        "Upgrade",
        "Authorization",
        "Cache-Control",
        "Pragma",
        "Referer",
        "Origin",
        "Keep-Alive",
        "Content-Encoding",
        "Location",
        "ETag",
        "Last-Modified",
        "If-None-Match",
        "If-Modified-Since",
        "Range",
        "Content-Range",
        "Accept-Ranges",
        "Vary",
        "Trailer",
        "TE",
        "Sec-Fetch-Mode",
        "Sec-Fetch-Site",
        "Sec-Fetch-Dest",
        "X-Forwarded-For",
        "X-Request-Id",
        "Content-Disposition",
    };

    private static final String[] METHODS = {
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE",
    };

    // Invariant: BY_LENGTH[n] holds every known spelling (canonical and lower case) of length n.
    private static final String[][] BY_LENGTH = index(HEADERS, true);
    private static final String[][] METHODS_BY_LENGTH = index(METHODS, false);

    private static String[][] index(String[] names, boolean withLowerCase) {
        int max = 0;
        for (String n : names) {
            max = Math.max(max, n.length());
        }
        java.util.List<java.util.List<String>> lists = new java.util.ArrayList<>();
        for (int i = 0; i <= max; i++) {
            lists.add(new java.util.ArrayList<>());
        }
        for (String n : names) {
            lists.get(n.length()).add(n);
            if (withLowerCase) {
                lists.get(n.length()).add(n.toLowerCase(java.util.Locale.ROOT).intern());
            }
        }
        String[][] out = new String[max + 1][];
        for (int i = 0; i <= max; i++) {
            out[i] = lists.get(i).toArray(String[]::new);
        }
        return out;
    }

    /** The constant for a header name spelled by {@code in[from..from+len)}, or a new string. */
    static String headerName(byte[] in, int from, int len) {
        return lookup(BY_LENGTH, in, from, len);
    }

    /** The constant for a method spelled by {@code in[from..from+len)}, or a new string. */
    static String method(byte[] in, int from, int len) {
        return lookup(METHODS_BY_LENGTH, in, from, len);
    }

    private static String lookup(String[][] table, byte[] in, int from, int len) {
        if (len < table.length) {
            candidates:
            for (String s : table[len]) {
                for (int i = 0; i < len; i++) {
                    if (s.charAt(i) != in[from + i]) {
                        continue candidates;
                    }
                }
                return s;
            }
        }
        return new String(in, from, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
