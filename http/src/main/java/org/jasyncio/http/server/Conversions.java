package org.jasyncio.http.server;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * Text (path parameters, query values, header values) to the simple types handlers ask for. One
 * table, used by {@link Request} and the typed endpoints, so both accept the same spellings.
 */
final class Conversions {
    private Conversions() {}

    /** Whether {@code type} is one {@link #convert} handles. */
    static boolean isSimple(Class<?> type) {
        return type == String.class
                || type.isPrimitive()
                || type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == Byte.class
                || type == Double.class
                || type == Float.class
                || type == Boolean.class
                || type == Character.class
                || type == BigDecimal.class
                || type == BigInteger.class
                || type == UUID.class
                || type.isEnum()
                || type == LocalDate.class
                || type == LocalDateTime.class
                || type == LocalTime.class
                || type == Instant.class
                || type == OffsetDateTime.class
                || type == ZonedDateTime.class
                || type == Duration.class;
    }

    /**
     * {@code text} as a {@code type}.
     *
     * @throws IllegalArgumentException with a short message ("expected int") if it does not convert
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> T convert(String text, Class<T> type) {
        try {
            Object v;
            if (type == String.class) {
                v = text;
            } else if (type == int.class || type == Integer.class) {
                v = Integer.parseInt(text);
            } else if (type == long.class || type == Long.class) {
                v = Long.parseLong(text);
            } else if (type == short.class || type == Short.class) {
                v = Short.parseShort(text);
            } else if (type == byte.class || type == Byte.class) {
                v = Byte.parseByte(text);
            } else if (type == double.class || type == Double.class) {
                v = finite(Double.parseDouble(text));
            } else if (type == float.class || type == Float.class) {
                v = (float) finite(Float.parseFloat(text));
            } else if (type == boolean.class || type == Boolean.class) {
                v = parseBoolean(text);
            } else if (type == char.class || type == Character.class) {
                if (text.length() != 1) {
                    throw new IllegalArgumentException("one character");
                }
                v = text.charAt(0);
            } else if (type == BigDecimal.class) {
                v = new BigDecimal(text);
            } else if (type == BigInteger.class) {
                v = new BigInteger(text);
            } else if (type == UUID.class) {
                v = UUID.fromString(text);
            } else if (type.isEnum()) {
                v = enumConstant((Class) type, text);
            } else if (type == LocalDate.class) {
                v = LocalDate.parse(text);
            } else if (type == LocalDateTime.class) {
                v = LocalDateTime.parse(text);
            } else if (type == LocalTime.class) {
                v = LocalTime.parse(text);
            } else if (type == Instant.class) {
                v = Instant.parse(text);
            } else if (type == OffsetDateTime.class) {
                v = OffsetDateTime.parse(text);
            } else if (type == ZonedDateTime.class) {
                v = ZonedDateTime.parse(text);
            } else if (type == Duration.class) {
                v = Duration.parse(text);
            } else {
                throw new IllegalStateException("no conversion from text to " + type.getName()
                        + ": use String, a number, boolean, UUID, an enum or a java.time type");
            }
            return (T) v;
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw new IllegalArgumentException("expected " + typeName(type) + ", got \"" + abbreviate(text) + "\"", e);
        }
    }

    /** The name used in messages and in the OpenAPI document: int, number, boolean, the enum's name... */
    static String typeName(Class<?> type) {
        if (type == Integer.class) {
            return "int";
        }
        if (type == Long.class) {
            return "long";
        }
        if (type == Double.class) {
            return "double";
        }
        if (type == Boolean.class) {
            return "boolean";
        }
        return type.getSimpleName();
    }

    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new NumberFormatException("not finite");
        }
        return d;
    }

    private static boolean parseBoolean(String text) {
        // FastAPI's spellings: true/false, 1/0, yes/no, on/off
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static <E extends Enum<E>> E enumConstant(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a constant of " + type.getSimpleName());
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
