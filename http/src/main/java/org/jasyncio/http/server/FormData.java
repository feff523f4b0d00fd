package org.jasyncio.http.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A submitted form ({@link Request#form()}; aiohttp's {@code await request.post()}, FastAPI's
 * {@code Form(...)} and {@code UploadFile}): the text fields of an {@code application/x-www-form-urlencoded}
 * or {@code multipart/form-data} body, and the uploaded files of a multipart one. A name may have several
 * values, in the order the client sent them.
 *
 * <pre>{@code
 * app.post("/profile", request -> {
 *     FormData form = request.form();
 *     String name = form.get("name");
 *     int age = form.get("age", int.class, 0);
 *     FormFile avatar = form.file("avatar");
 *     ...
 * });
 * }</pre>
 */
public final class FormData {
    static final FormData EMPTY = new FormData(Map.of(), Map.of());

    private final Map<String, List<String>> fields;
    private final Map<String, List<FormFile>> files;

    FormData(Map<String, List<String>> fields, Map<String, List<FormFile>> files) {
        this.fields = fields;
        this.files = files;
    }

    /** Collects fields and files in order, then {@link #build()}s the form. */
    static final class Builder {
        private final Map<String, List<String>> fields = new LinkedHashMap<>();
        private final Map<String, List<FormFile>> files = new LinkedHashMap<>();

        Builder field(String name, String value) {
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        Builder file(FormFile file) {
            files.computeIfAbsent(file.field(), k -> new ArrayList<>()).add(file);
            return this;
        }

        FormData build() {
            fields.replaceAll((k, v) -> List.copyOf(v));
            files.replaceAll((k, v) -> List.copyOf(v));
            return new FormData(Collections.unmodifiableMap(fields), Collections.unmodifiableMap(files));
        }
    }

    /** An {@code application/x-www-form-urlencoded} body's fields. */
    static FormData urlencoded(String body) {
        Map<String, List<String>> fields = UrlCodec.parseQuery(body);
        return fields.isEmpty() ? EMPTY : new FormData(fields, Map.of());
    }

    /** The first text value of field {@code name}, or {@code null} if there is none. */
    public String get(String name) {
        List<String> vs = fields.get(name);
        return vs == null ? null : vs.getFirst();
    }

    /** Every text value of field {@code name} (several checkboxes, a multi-select); empty if none. */
    public List<String> getAll(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /**
     * Field {@code name} as a {@code type} (the conversions of path and query parameters), or
     * {@code fallback} if absent.
     *
     * @throws HttpBadRequest if present and it does not convert
     */
    public <T> T get(String name, Class<T> type, T fallback) {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Conversions.convert(v, type);
        } catch (IllegalArgumentException e) {
            throw new HttpBadRequest("form field " + name + ": " + e.getMessage());
        }
    }

    /** The first file uploaded as field {@code name}, or {@code null} if there is none. */
    public FormFile file(String name) {
        List<FormFile> fs = files.get(name);
        return fs == null ? null : fs.getFirst();
    }

    /** Every file uploaded as field {@code name} ({@code <input type=file multiple>}); empty if none. */
    public List<FormFile> files(String name) {
        return files.getOrDefault(name, List.of());
    }

    /** The text fields, in the order of their first appearance. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /** The uploaded files by field name, in the order of their first appearance. */
    public Map<String, List<FormFile>> files() {
        return files;
    }

    /** Every field name, text or file, text fields first. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(fields.keySet());
        names.addAll(files.keySet());
        return Collections.unmodifiableSet(names);
    }

    /** Whether the form has no field at all. */
    public boolean isEmpty() {
        return fields.isEmpty() && files.isEmpty();
    }

    @Override
    public String toString() {
        return "FormData" + fields + (files.isEmpty() ? "" : " files " + files.values());
    }
}
