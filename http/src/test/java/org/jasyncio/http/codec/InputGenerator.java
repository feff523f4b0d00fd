package org.jasyncio.http.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of HTTP/1.x messages, mostly valid, with the framing fields and characters that
 * parsers disagree on, and a mutator that flips, inserts, deletes or duplicates bytes, preferring the
 * bytes that matter to framing (CR, LF, SP, HTAB, ':', ';', '"', digits).
 */
final class InputGenerator {
    private InputGenerator() {}

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    private static final List<String> TARGETS =
            List.of("/", "/a/b?c=d", "/x%20y", "/p?q=a|b", "*", "http://h.example/p", "/a;b=c", "/~u/._-!$&'()*+,=:@");
    private static final List<String> FIELDS = List.of(
            "Accept: */*",
            "User-Agent: gen/1.0",
            "X-Empty:",
            "Connection: keep-alive",
            "Connection: close",
            "Cookie: a=b; c=d",
            "X-Tab:\tv\tw",
            "Expect: 100-continue",
            "X-Obs: caf\u00e9",
            "Accept-Encoding: gzip, br");
    private static final byte[] SPECIAL = {
        '\r', '\n', ' ', '\t', ':', ';', '"', '0', '9', 'a', ',', '\\', 0, 0x7f, (byte) 0x80
    };

    static byte[] request(Random r) {
        StringBuilder sb = new StringBuilder();
        String method = METHODS.get(r.nextInt(METHODS.size()));
        String target = TARGETS.get(r.nextInt(TARGETS.size()));
        if (target.equals("*")) {
            method = "OPTIONS";
        }
        boolean http10 = r.nextInt(8) == 0;
        sb.append(method).append(' ').append(target).append(http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        if (!http10 || r.nextBoolean()) {
            sb.append("Host: ")
                    .append(r.nextBoolean() ? "example.com" : "127.0.0.1:8080")
                    .append("\r\n");
        }
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(FIELDS.get(r.nextInt(FIELDS.size()))).append("\r\n");
        }
        String body = "hello world".substring(0, r.nextInt(12));
        int framing = r.nextInt(http10 ? 2 : 3);
        if (framing == 1) {
            sb.append("Content-Length: ")
                    .append(body.length())
                    .append("\r\n\r\n")
                    .append(body);
        } else if (framing == 2) {
            sb.append("Transfer-Encoding: chunked\r\n\r\n");
            chunks(r, sb, body);
        } else {
            sb.append("\r\n");
        }
        if (r.nextInt(4) == 0) {
            sb.append("GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] response(Random r) {
        StringBuilder sb = new StringBuilder();
        int[] statuses = {200, 201, 204, 301, 304, 404, 500};
        int status = statuses[r.nextInt(statuses.length)];
        sb.append(r.nextInt(6) == 0 ? "HTTP/1.0 " : "HTTP/1.1 ").append(status).append(" Reason\r\n");
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            sb.append(FIELDS.get(r.nextInt(FIELDS.size()))).append("\r\n");
        }
        boolean bodyless = status == 204 || status == 304;
        String body = bodyless ? "" : "response body".substring(0, r.nextInt(14));
        int framing = r.nextInt(3);
        if (framing == 1 || (framing == 2 && sb.charAt(7) == '0')) {
            sb.append("Content-Length: ")
                    .append(body.length())
                    .append("\r\n\r\n")
                    .append(body);
        } else if (framing == 2) {
            sb.append("Transfer-Encoding: chunked\r\n\r\n");
            chunks(r, sb, body);
        } else {
            sb.append("\r\n").append(body);
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void chunks(Random r, StringBuilder sb, String body) {
        int i = 0;
        while (i < body.length()) {
            int n = 1 + r.nextInt(body.length() - i);
            sb.append(Integer.toHexString(n));
            if (r.nextInt(5) == 0) {
                sb.append(r.nextBoolean() ? ";ext=1" : ";q=\"a b\"");
            }
            sb.append("\r\n").append(body, i, i + n).append("\r\n");
            i += n;
        }
        sb.append("0\r\n");
        if (r.nextInt(4) == 0) {
            sb.append("X-Trailer: t\r\n");
        }
        sb.append("\r\n");
    }

    static byte[] mutate(Random r, byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length + 8);
        int edits = 1 + r.nextInt(3);
        byte[] cur = input;
        for (int e = 0; e < edits; e++) {
            out.reset();
            int at = r.nextInt(cur.length + 1);
            byte b = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : SPECIAL[r.nextInt(SPECIAL.length)];
            switch (r.nextInt(4)) {
                case 0 -> { // replace
                    out.write(cur, 0, Math.min(at, cur.length));
                    out.write(b);
                    if (at + 1 < cur.length) {
                        out.write(cur, at + 1, cur.length - at - 1);
                    }
                }
                case 1 -> { // insert
                    out.write(cur, 0, at);
                    out.write(b);
                    out.write(cur, at, cur.length - at);
                }
                case 2 -> { // delete
                    out.write(cur, 0, Math.min(at, cur.length));
                    if (at + 1 < cur.length) {
                        out.write(cur, at + 1, cur.length - at - 1);
                    }
                }
                default -> { // duplicate a run
                    int len = Math.min(r.nextInt(8) + 1, cur.length - Math.min(at, cur.length));
                    out.write(cur, 0, at);
                    out.write(cur, at, len);
                    out.write(cur, at, cur.length - at);
                }
            }
            cur = out.toByteArray();
        }
        return cur;
    }
}
