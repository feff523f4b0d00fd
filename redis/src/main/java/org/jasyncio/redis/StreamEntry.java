package org.jasyncio.redis;

import java.util.Map;
import java.util.Objects;

/**
 * One entry of a Redis stream: its ID ({@code 1700000000000-0}) and its fields in order.
 *
 * @param id the entry's ID
 * @param fields the field-value pairs (an unmodifiable, ordered map)
 */
public record StreamEntry(String id, Map<String, String> fields) {
    /** Checks and copies. */
    public StreamEntry {
        Objects.requireNonNull(id, "id");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** The value of {@code field}, or {@code null}. */
    public String field(String field) {
        return fields.get(field);
    }
}
