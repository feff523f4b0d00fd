package org.jasyncio.http.json;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic type for {@link JsonCodec#decode(byte[], Type)} (Jackson's {@code TypeReference},
 * Gson's {@code TypeToken}): {@code new TypeRef<List<Item>>() {}.type()}.
 *
 * @param <T> the type captured
 */
public abstract class TypeRef<T> {
    private final Type type;

    /** Reads the type argument of the anonymous subclass. */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType p)) {
            throw new IllegalStateException("TypeRef " + getClass().getName()
                    + " must be created with a type argument: new TypeRef<List<Item>>() {}");
        }
        this.type = p.getActualTypeArguments()[0];
    }

    /** The captured type. */
    public final Type type() {
        return type;
    }

    @Override
    public String toString() {
        return "TypeRef<" + type.getTypeName() + ">";
    }
}
