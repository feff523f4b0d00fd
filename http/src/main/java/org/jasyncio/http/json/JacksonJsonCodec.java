package org.jasyncio.http.json;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
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
 *
 * <p>Thread-safe. {@link #encode} on a platform thread (an event loop's) reuses that thread's one
 * generator rather than making one per value; the bytes are the same as the mapper's
 * {@code writeValueAsBytes}.
 */
public final class JacksonJsonCodec implements JsonCodec {
    static final JacksonJsonCodec DEFAULT = new JacksonJsonCodec(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build());

    /** A response body past this size does not keep its buffer for the next {@link #encode}. */
    static final int KEEP_BUFFER_MAX = 64 * 1024;

    private final JsonMapper mapper;
    /** The mapper's writer, with nothing between the values one generator writes one after the other. */
    private final ObjectWriter writer;
    /**
     * Whether {@link #encode} reuses a generator: not for indented output, whose pretty printer writes a
     * separator of its own before every value but the first.
     */
    private final boolean reuse;
    /**
     * Each platform thread's generator (an event loop's thread, where the server encodes its responses),
     * made once and reused by every {@link #encode} on that thread: a generator per value is most of
     * what Jackson costs for a small value (its buffers from the recycler pool, its contexts, its escape
     * tables). Not on virtual threads: there a thread is a task (the virtual strand engine), and a
     * generator per task would be memory per connection.
     */
    private final ThreadLocal<Reused> reused = new ThreadLocal<>();

    /** A codec on {@code mapper}, configured as the caller likes. */
    public JacksonJsonCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.writer = mapper.writer().withRootValueSeparator("");
        this.reuse = !mapper.isEnabled(SerializationFeature.INDENT_OUTPUT);
    }

    /**
     * One thread's generator and the bytes it wrote. Invariant: {@code out} is empty and the generator,
     * if any, is between root values whenever {@code busy} is false.
     */
    private static final class Reused {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        JsonGenerator generator;
        /**
         * An encode on this thread is under way: one that starts meanwhile (a serializer that encodes,
         * or that suspends its task so that another one runs on the loop thread) makes its own generator.
         */
        boolean busy;
    }

    /** The mapper used. */
    public JsonMapper mapper() {
        return mapper;
    }

    @Override
    public byte[] encode(Object value) {
        if (!reuse || Thread.currentThread().isVirtual()) {
            return encodeAlone(value);
        }
        Reused r = reused.get();
        if (r == null) {
            r = new Reused();
            reused.set(r);
        } else if (r.busy) {
            return encodeAlone(value);
        }
        r.busy = true;
        try {
            if (r.generator == null) {
                r.generator = writer.createGenerator(r.out);
            }
            writer.writeValue(r.generator, value);
            r.generator.flush();
            return r.out.toByteArray();
        } catch (JacksonException e) {
            r.generator = null; // it may be inside an unfinished value: the next encode makes a new one
            throw translate(e);
        } catch (RuntimeException | Error e) {
            r.generator = null;
            throw e;
        } finally {
            if (r.out.size() > KEEP_BUFFER_MAX) {
                reused.remove(); // a large value: its buffer is not kept for the small ones
            } else {
                r.out.reset();
            }
            r.busy = false;
        }
    }

    /** {@link #encode} with a generator of its own. */
    private byte[] encodeAlone(Object value) {
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
