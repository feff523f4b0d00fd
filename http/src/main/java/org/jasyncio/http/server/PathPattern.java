package org.jasyncio.http.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled route path: {@code /items/{id}} becomes the regex {@code /items/([^/]+)} and the name list
 * {@code [id]}. Matching is on the raw (percent-encoded) path, so an encoded {@code /} ({@code %2F})
 * stays inside its segment; the captured values are decoded.
 *
 * @param pattern the pattern as written
 * @param regex the compiled regex
 * @param names the parameter names, in order
 */
record PathPattern(String pattern, Pattern regex, List<String> names) {
    static PathPattern compile(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("route path " + pattern + " must start with /");
        }
        StringBuilder re = new StringBuilder();
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '{') {
                int depth = 1;
                int j = i + 1;
                while (j < pattern.length() && depth > 0) {
                    char d = pattern.charAt(j);
                    if (d == '{') {
                        depth++;
                    } else if (d == '}') {
                        depth--;
                    }
                    j++;
                }
                if (depth != 0) {
                    throw new IllegalArgumentException("route path " + pattern + ": unclosed { at " + i);
                }
                String inner = pattern.substring(i + 1, j - 1);
                int colon = inner.indexOf(':');
                String name = colon < 0 ? inner : inner.substring(0, colon);
                String custom = colon < 0 ? "[^/]+" : inner.substring(colon + 1);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException(
                            "route path " + pattern + ": parameter name \"" + name + "\" must be an identifier");
                }
                if (names.contains(name)) {
                    throw new IllegalArgumentException(
                            "route path " + pattern + ": parameter {" + name + "} appears twice");
                }
                names.add(name);
                re.append("(?<").append(name).append('>').append(custom).append(')');
                i = j;
            } else if (c == '}') {
                throw new IllegalArgumentException("route path " + pattern + ": } without { at " + i);
            } else {
                int j = i;
                while (j < pattern.length() && pattern.charAt(j) != '{' && pattern.charAt(j) != '}') {
                    j++;
                }
                re.append(Pattern.quote(pattern.substring(i, j)));
                i = j;
            }
        }
        try {
            return new PathPattern(pattern, Pattern.compile(re.toString()), List.copyOf(names));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("route path " + pattern + ": bad regex: " + e.getDescription(), e);
        }
    }

    /** The decoded parameters if {@code rawPath} matches, else {@code null}. */
    Map<String, String> match(String rawPath) {
        if (names.isEmpty()) { // a literal path: its regex is the quoted pattern, so equality decides
            return rawPath.equals(pattern) ? Map.of() : null; // read-only: Request.bind wraps it anyway
        }
        Matcher m = regex.matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String n : names) {
            params.put(n, UrlCodec.decodePath(m.group(n)));
        }
        return params;
    }

    /** The pattern in OpenAPI's form: {@code {name:regex}} becomes {@code {name}}. */
    String openApiPath() {
        String out = pattern;
        for (String n : names) {
            out = out.replaceAll("\\{" + n + ":[^}]*(\\{[^}]*\\}[^}]*)*\\}", "{" + n + "}");
        }
        return out;
    }
}
