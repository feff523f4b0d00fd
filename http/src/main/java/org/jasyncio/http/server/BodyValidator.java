package org.jasyncio.http.server;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jasyncio.http.json.JsonCodec;
import org.jasyncio.http.json.JsonException;

/**
 * Checks a parsed JSON body against a target type before it is converted, to report every missing
 * or mistyped field at once (a JSON library stops at the first): records field by field (a component
 * is required unless it is an {@code Optional}), lists element by element, maps value by value; any
 * other value by converting it alone. What a record's compact constructor refuses is found later, by
 * the whole conversion.
 */
final class BodyValidator {
    private BodyValidator() {}

    static void check(JsonCodec json, Object tree, Type type, List<Object> loc, List<ValidationError> errors) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            if (!(tree instanceof Map<?, ?> map)) {
                errors.add(new ValidationError(loc, "expected an object (" + raw.getSimpleName() + ")", "type_error"));
                return;
            }
            for (RecordComponent c : raw.getRecordComponents()) {
                Type ct = c.getGenericType();
                boolean optional = c.getType() == Optional.class;
                Object v = map.get(c.getName());
                List<Object> at = with(loc, c.getName());
                if (v == null) {
                    if (!optional) {
                        errors.add(
                                map.containsKey(c.getName())
                                        ? new ValidationError(at, "must not be null", "type_error")
                                        : new ValidationError(at, "field required", "missing"));
                    }
                    continue;
                }
                check(json, v, optional ? arg(ct, 0) : ct, at, errors);
            }
            return;
        }
        if (Collection.class.isAssignableFrom(raw)
                && tree instanceof List<?> list
                && type instanceof ParameterizedType) {
            for (int i = 0; i < list.size(); i++) {
                check(json, list.get(i), arg(type, 0), with(loc, i), errors);
            }
            return;
        }
        if (Map.class.isAssignableFrom(raw) && tree instanceof Map<?, ?> map && type instanceof ParameterizedType) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                check(json, e.getValue(), arg(type, 1), with(loc, String.valueOf(e.getKey())), errors);
            }
            return;
        }
        try {
            json.convert(tree, type);
        } catch (JsonException e) {
            List<Object> at = new ArrayList<>(loc);
            at.addAll(e.path());
            errors.add(new ValidationError(at, e.getMessage(), "type_error"));
        }
    }

    private static List<Object> with(List<Object> loc, Object next) {
        List<Object> out = new ArrayList<>(loc);
        out.add(next);
        return out;
    }

    static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    static Type arg(Type t, int i) {
        return t instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }
}
