package org.jasyncio.http.server;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jasyncio.http.HttpStatus;

/**
 * The OpenAPI 3.1 document of an app's typed endpoints, derived from their signatures (FastAPI's
 * {@code /openapi.json}): one operation per endpoint with its path, query and header parameters and
 * their JSON Schemas, the request body's schema, the success response's schema, and the 422 answer.
 * Records become named schemas under {@code components/schemas}, with their non-{@code Optional}
 * components required. Built once, at the first request, from the frozen app.
 */
final class OpenApi {
    static final String PATH = "/openapi.json";

    private final Map<String, Object> schemas = new LinkedHashMap<>();

    private OpenApi() {}

    /** Adds the {@code /openapi.json} route to {@code app} unless it has it. */
    static void ensureServed(App app) {
        for (Object item : app.items()) {
            if (item instanceof Route r && r.pattern().equals(PATH)) {
                return;
            }
        }
        Object[] cache = new Object[1];
        app.get(PATH, request -> {
                    if (cache[0] == null) {
                        cache[0] = request.app().json().encode(document(app));
                    }
                    return Response.bytes((byte[]) cache[0], "application/json");
                })
                .name("openapi");
    }

    /** The document, as maps and lists ready for the JSON codec. */
    static Map<String, Object> document(App app) {
        OpenApi o = new OpenApi();
        Map<String, Object> paths = new LinkedHashMap<>();
        o.collect(app, "", paths);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", app.title(), "version", app.version()));
        doc.put("paths", paths);
        o.schemas.put(
                "ValidationError",
                Map.of(
                        "type",
                        "object",
                        "required",
                        List.of("loc", "msg", "type"),
                        "properties",
                        Map.of(
                                "loc",
                                        Map.of(
                                                "type",
                                                "array",
                                                "items",
                                                Map.of(
                                                        "anyOf",
                                                        List.of(Map.of("type", "string"), Map.of("type", "integer")))),
                                "msg", Map.of("type", "string"),
                                "type", Map.of("type", "string"))));
        o.schemas.put(
                "HTTPValidationError",
                Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of("detail", Map.of("type", "array", "items", ref("ValidationError")))));
        doc.put("components", Map.of("schemas", o.schemas));
        return doc;
    }

    private void collect(App app, String prefix, Map<String, Object> paths) {
        for (Object item : app.items()) {
            if (item instanceof App.Mount m) {
                collect(m.app(), prefix + m.prefix(), paths);
            } else if (item instanceof Route r && r.endpoint() != null) {
                String path = PathPattern.compile(prefix + r.pattern()).openApiPath();
                @SuppressWarnings("unchecked")
                Map<String, Object> ops = (Map<String, Object>) paths.computeIfAbsent(path, k -> new LinkedHashMap<>());
                ops.put(r.method().toLowerCase(java.util.Locale.ROOT), operation(r));
            }
        }
    }

    private Map<String, Object> operation(Route r) {
        EndpointInfo info = r.endpoint();
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", r.name() != null ? r.name() : info.method().getName());
        if (!info.summary().isEmpty()) {
            op.put("summary", info.summary());
        }
        List<Object> params = new ArrayList<>();
        Map<String, Object> body = null;
        Map<String, Object> formFields = new LinkedHashMap<>();
        List<String> requiredFields = new ArrayList<>();
        boolean files = false;
        for (EndpointInfo.Param p : info.params()) {
            switch (p.source()) {
                case PATH, QUERY, HEADER -> {
                    Map<String, Object> param = new LinkedHashMap<>();
                    param.put("name", p.name());
                    param.put("in", p.source().name().toLowerCase(java.util.Locale.ROOT));
                    param.put("required", p.required());
                    Map<String, Object> schema = new LinkedHashMap<>(schema(p.type()));
                    if (p.defaultValue() != null) {
                        schema.put("default", p.defaultValue());
                    }
                    param.put("schema", schema);
                    params.add(param);
                }
                case BODY ->
                    body = Map.of(
                            "required",
                            p.required(),
                            "content",
                            Map.of("application/json", Map.of("schema", schema(p.type()))));
                case FORM -> {
                    Map<String, Object> schema = new LinkedHashMap<>();
                    if (Endpoints.isFile(p.type())) {
                        files = true;
                        Map<String, Object> binary = Map.of("type", "string", "format", "binary");
                        schema.putAll(Endpoints.isList(p.type()) ? Map.of("type", "array", "items", binary) : binary);
                    } else {
                        schema.putAll(schema(p.type()));
                        if (p.defaultValue() != null) {
                            schema.put("default", p.defaultValue());
                        }
                    }
                    formFields.put(p.name(), schema);
                    if (p.required()) {
                        requiredFields.add(p.name());
                    }
                }
                case REQUEST -> {}
            }
        }
        if (!formFields.isEmpty()) {
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", formFields);
            if (!requiredFields.isEmpty()) {
                schema.put("required", requiredFields);
            }
            body = Map.of(
                    "required",
                    !requiredFields.isEmpty(),
                    "content",
                    Map.of(
                            files ? "multipart/form-data" : "application/x-www-form-urlencoded",
                            Map.of("schema", schema)));
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        if (body != null) {
            op.put("requestBody", body);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        String status = String.valueOf(info.returnType() == void.class && info.status() == 200 ? 204 : info.status());
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("description", HttpStatus.reason(Integer.parseInt(status)));
        Type rt = info.returnType();
        if (rt != void.class && rt != Response.class && rt != Object.class) {
            ok.put("content", Map.of("application/json", Map.of("schema", schema(rt))));
        }
        responses.put(status, ok);
        responses.put(
                "422",
                Map.of(
                        "description",
                        "Validation Error",
                        "content",
                        Map.of("application/json", Map.of("schema", ref("HTTPValidationError")))));
        op.put("responses", responses);
        return op;
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    /** The JSON Schema of {@code t}; records are added to the components and referenced. */
    Map<String, Object> schema(Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == Optional.class) {
                return schema(args[0]);
            }
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schema(args[1]));
            }
            return schema(raw);
        }
        if (!(t instanceof Class<?> c)) {
            return Map.of();
        }
        if (c == String.class || c == char.class || c == Character.class) {
            return Map.of("type", "string");
        }
        if (c == int.class
                || c == Integer.class
                || c == short.class
                || c == Short.class
                || c == byte.class
                || c == Byte.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == BigInteger.class) {
            return Map.of("type", "integer");
        }
        if (c == double.class || c == Double.class || c == BigDecimal.class) {
            return Map.of("type", "number");
        }
        if (c == float.class || c == Float.class) {
            return Map.of("type", "number", "format", "float");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == UUID.class) {
            return Map.of("type", "string", "format", "uuid");
        }
        if (c == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (c == LocalTime.class) {
            return Map.of("type", "string", "format", "time");
        }
        if (c == Instant.class || c == OffsetDateTime.class || c == ZonedDateTime.class || c == LocalDateTime.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == java.time.Duration.class) {
            return Map.of("type", "string", "format", "duration");
        }
        if (c.isEnum()) {
            return Map.of(
                    "type",
                    "string",
                    "enum",
                    Arrays.stream(c.getEnumConstants())
                            .map(e -> ((Enum<?>) e).name())
                            .toList());
        }
        if (c.isArray()) {
            return c == byte[].class
                    ? Map.of("type", "string", "contentEncoding", "base64")
                    : Map.of("type", "array", "items", schema(c.getComponentType()));
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of()); // placeholder against recursion
                Map<String, Object> props = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                for (RecordComponent rc : c.getRecordComponents()) {
                    props.put(rc.getName(), schema(rc.getGenericType()));
                    if (rc.getType() != Optional.class) {
                        required.add(rc.getName());
                    }
                }
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("type", "object");
                s.put("title", name);
                s.put("properties", props);
                if (!required.isEmpty()) {
                    s.put("required", required);
                }
                schemas.put(name, s);
            }
            return ref(name);
        }
        if (Map.class.isAssignableFrom(c)) {
            return Map.of("type", "object");
        }
        if (Collection.class.isAssignableFrom(c)) {
            return Map.of("type", "array");
        }
        return Map.of();
    }
}
