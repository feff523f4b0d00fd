package org.jasyncio.http.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of paths and query strings (UTF-8, strict: a bad escape is a 400). */
final class UrlCodec {
    private UrlCodec() {}

    /** A path segment or path: {@code %XX} decoded, {@code +} kept. */
    static String decodePath(String s) {
        return decode(s, false);
    }

    /** A query name or value: {@code %XX} decoded, {@code +} is a space (HTML forms). */
    /**
     * The {@code name=value&...} pairs of a query string or an {@code application/x-www-form-urlencoded}
     * body, decoded, in order; a name may have several values. Unmodifiable.
     */
    static Map<String, List<String>> parseQuery(String s) {
        if (s.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> q = new LinkedHashMap<>();
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        q.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(q);
    }

    static String decodeQuery(String s) {
        return decode(s, true);
    }

    private static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()
                        || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw new HttpBadRequest("bad percent-encoding in \"" + Conversions.abbreviate(s) + "\"");
                }
                out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpBadRequest("percent-encoding in \"" + Conversions.abbreviate(s) + "\" is not UTF-8");
        }
    }
}
