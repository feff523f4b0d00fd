package org.jasyncio.http.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jasyncio.http.internal.HttpChars;

/**
 * The parameters of a header value such as {@code Content-Type} or {@code Content-Disposition}
 * ({@code type; name=value; name="quoted \" value"}, RFC 9110 5.6.6), and the extended
 * {@code name*=UTF-8''%E2%82%AC} form of RFC 8187, decoded. Names are lower-cased; a repeated name
 * keeps its first value.
 */
final class HeaderParams {
    private HeaderParams() {}

    /** The value's first item (the media type, the disposition type), lower case, without parameters. */
    static String type(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The parameters after the first {@code ;} of {@code value}.
     *
     * @throws HttpBadRequest naming {@code what} if a parameter is malformed
     */
    static Map<String, String> parse(String value, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = value.indexOf(';');
        int n = value.length();
        while (i >= 0 && i < n) {
            i++; // past ';'
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (i == n) {
                break; // a trailing ';'
            }
            int nameStart = i;
            while (i < n && value.charAt(i) != '=' && value.charAt(i) != ';') {
                i++;
            }
            String name = value.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
            if (!HttpChars.isToken(name) || i == n || value.charAt(i) != '=') {
                throw new HttpBadRequest(what + ": malformed parameter in \"" + Conversions.abbreviate(value) + "\"");
            }
            i++; // past '='
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            String v;
            if (i < n && value.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = value.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < n) {
                        c = value.charAt(i++);
                    }
                    sb.append(c);
                }
                if (!closed) {
                    throw new HttpBadRequest(
                            what + ": unterminated quoted string in \"" + Conversions.abbreviate(value) + "\"");
                }
                v = sb.toString();
                while (i < n && value.charAt(i) != ';') {
                    if (value.charAt(i) != ' ' && value.charAt(i) != '\t') {
                        throw new HttpBadRequest(
                                what + ": text after a quoted string in \"" + Conversions.abbreviate(value) + "\"");
                    }
                    i++;
                }
            } else {
                int valueStart = i;
                while (i < n && value.charAt(i) != ';') {
                    i++;
                }
                v = value.substring(valueStart, i).strip();
            }
            if (name.endsWith("*")) {
                name = name.substring(0, name.length() - 1);
                v = extended(v, what);
                out.put(name, v); // the extended form wins over the plain one (RFC 8187 section 4.2)
            } else {
                out.putIfAbsent(name, v);
            }
            i = value.indexOf(';', i);
        }
        return out;
    }

    /** An RFC 8187 {@code charset'language'pct-encoded} value, decoded. */
    private static String extended(String v, String what) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 < 0) {
            throw new HttpBadRequest(
                    what + ": malformed extended parameter value \"" + Conversions.abbreviate(v) + "\"");
        }
        Charset charset;
        try {
            charset = Charset.forName(v.substring(0, q1));
        } catch (IllegalArgumentException e) {
            throw new HttpBadRequest(what + ": unknown charset in \"" + Conversions.abbreviate(v) + "\"");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = q2 + 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%') {
                int hi = i + 2 < v.length() ? hex(v.charAt(i + 1)) : -1;
                int lo = hi < 0 ? -1 : hex(v.charAt(i + 2));
                if (lo < 0) {
                    throw new HttpBadRequest(what + ": bad percent-encoding in \"" + Conversions.abbreviate(v) + "\"");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(charset);
    }

    private static int hex(char c) {
        return c < 128 ? HttpChars.hexValue(c) : -1;
    }

    /** The {@code charset} parameter of a {@code Content-Type} value, or {@code fallback}. */
    static Charset charset(String contentType, Charset fallback) {
        if (contentType == null) {
            return fallback;
        }
        String name = parse(contentType, "Content-Type").get("charset");
        if (name == null) {
            return fallback;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            throw new HttpBadRequest("unknown charset in Content-Type: " + Conversions.abbreviate(name));
        }
    }

    static Charset charset(String contentType) {
        return charset(contentType, StandardCharsets.UTF_8);
    }
}
