package org.jasyncio.http.json;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JsonCodec} on Jackson 3 ({@code tools.jackson.databind}). Jackson 3 reads and writes records,
 * {@code Optional} and {@code java.time} out of the box (dates as ISO-8601 strings, not numbers); on
 * top of that, the defaults here are strict where a web API wants strictness:
 * <ul>
 *   <li>a {@code null} or missing value for a primitive is an error, not {@code 0};</li>
 *   <li>a number for an enum is an error (only the constant's name is accepted);</li>
 *   <li>unknown properties are ignored (clients may send more than a record has, as FastAPI allows).</li>
 * </ul>
 * An exception thrown by a record's compact constructor (the Java way to validate a body) comes back
 * as a {@link JsonException} with that exception's message.
 */
public final class JacksonJsonCodec implements JsonCodec {
    static final JacksonJsonCodec DEFAULT = new JacksonJsonCodec(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build());

    private final JsonMapper mapper;

    /** A codec on {@code mapper}, configured as the caller likes. */
    public JacksonJsonCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The mapper used. */
    public JsonMapper mapper() {
        return mapper;
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    @Override
    public <T> T decode(byte[] json, Type type) {
        Objects.requireNonNull(json, "json");
        JavaType javaType = mapper.getTypeFactory().constructType(Objects.requireNonNull(type, "type"));
        try {
            return mapper.readValue(json, javaType);
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    @Override
    public <T> T convert(Object tree, Type type) {
        JavaType javaType = mapper.getTypeFactory().constructType(Objects.requireNonNull(type, "type"));
        try {
            return mapper.convertValue(tree, javaType);
        } catch (JacksonException e) {
            throw translate(e);
        } catch (IllegalArgumentException e) {
            // convertValue wraps some failures in IllegalArgumentException
            if (e.getCause() instanceof JacksonException j) {
                throw translate(j);
            }
            throw new JsonException(e.getMessage(), List.of(), false, e);
        }
    }

    /** Jackson's exception as ours: a short message without Jackson's source excerpt, and the path. */
    private static JsonException translate(JacksonException e) {
        List<Object> path = new ArrayList<>();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.add(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.add(r.getIndex());
            }
        }
        return new JsonException(shortMessage(e), path, e instanceof StreamReadException, e);
    }

    private static String shortMessage(JacksonException e) {
        if (e instanceof ValueInstantiationException
                && e.getCause() != null
                && e.getCause().getMessage() != null) {
            return e.getCause().getMessage(); // a record's compact constructor refused the value
        }
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown property \"" + u.getPropertyName() + "\"";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + m.getTargetType().getSimpleName() + ": " + firstLine(e.getOriginalMessage());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        return "JacksonJsonCodec[" + mapper.version() + "]";
    }
}
