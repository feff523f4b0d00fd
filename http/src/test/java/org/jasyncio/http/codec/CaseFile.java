package org.jasyncio.http.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a case file: blocks that start with {@code === ID title}, then {@code key: value} lines
 * ({@code type}, {@code input}, {@code request-method}, {@code why}, ...) and verdict lines
 * ({@code head:}, {@code field:}, {@code body:}, {@code trailer:}, {@code end}, {@code error:},
 * {@code stop:}, {@code eof}, {@code incomplete}). Lines starting with '#' are comments.
 */
final class CaseFile {
    private CaseFile() {}

    /** One case. */
    record Case(String id, String title, Map<String, String> keys, List<String> verdict) {
        String type() {
            return keys.getOrDefault("type", "request");
        }

        byte[] input() {
            return Escapes.unescape(keys.get("input"));
        }

        @Override
        public String toString() {
            return id + " " + title;
        }
    }

    private static final List<String> VERDICT_WORDS =
            List.of("head", "field", "body", "trailer", "end", "error", "stop", "eof", "incomplete");

    static List<Case> load(String resource) {
        var stream = CaseFile.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String id = null;
            String title = null;
            Map<String, String> keys = null;
            List<String> verdict = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (line.startsWith("=== ")) {
                    if (id != null) {
                        cases.add(new Case(id, title, keys, verdict));
                    }
                    String rest = line.substring(4);
                    int sp = rest.indexOf(' ');
                    id = sp < 0 ? rest : rest.substring(0, sp);
                    title = sp < 0 ? "" : rest.substring(sp + 1);
                    keys = new LinkedHashMap<>();
                    verdict = new ArrayList<>();
                    continue;
                }
                int colon = line.indexOf(':');
                String word = colon < 0 ? line : line.substring(0, colon);
                if (VERDICT_WORDS.contains(word)) {
                    verdict.add(line);
                } else if (colon > 0) {
                    keys.merge(word, line.substring(colon + 1).strip(), (a, b) -> a + " " + b);
                } else {
                    throw new IllegalStateException(resource + ": cannot read line " + line);
                }
            }
            if (id != null) {
                cases.add(new Case(id, title, keys, verdict));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
