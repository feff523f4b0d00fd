package org.jasyncio.http.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jasyncio.http.json.JsonException;

/**
 * FastAPI-style typed endpoints: reads the annotated methods of a controller once, at registration,
 * into {@link EndpointInfo}s, and adds a route per method whose handler binds each request's input to
 * the method's parameters.
 *
 * <p>Where a parameter comes from (FastAPI's rules): an explicit {@link PathParam}, {@link QueryParam},
 * {@link HeaderParam}, {@link FormParam} or {@link Body}; else a {@link Request} parameter is the request, a
 * {@link FormFile} (or {@code Optional}/{@code List} of one) an uploaded file of the form; a name that is
 * a parameter of the path pattern is that path parameter; a simple type (String, numbers, boolean,
 * UUID, enums, java.time; also {@code Optional} or {@code List} of one) is a query parameter; anything
 * else (a record, a collection of records, a Map) is the JSON body, at most one per method.
 * {@code Optional} parameters, and those with a default, may be absent; the others are required.
 *
 * <p>Every problem of a request is collected, not just the first, and answered together as 422
 * ({@link HttpUnprocessableEntity}).
 */
final class Endpoints {
    private Endpoints() {}

    static void register(App app, Object controller) {
        Class<?> type = controller.getClass();
        int added = 0;
        for (Method m : type.getMethods()) {
            String[] route = route(m);
            if (route == null) {
                continue;
            }
            if (Modifier.isStatic(m.getModifiers())) {
                throw new IllegalArgumentException("endpoint " + describe(m)
                        + " is static: endpoints are instance methods" + " of the object registered");
            }
            EndpointInfo info = inspect(m, route[1], Integer.parseInt(route[2]), route[3]);
            app.addRoute(route[0], route[1], request -> invoke(controller, info, request), info)
                    .name(m.getName());
            added++;
        }
        if (added == 0) {
            throw new IllegalArgumentException("App.endpoints(" + type.getName() + "): the class has no public method"
                    + " annotated @Get, @Post, @Put, @Patch or @Delete (is the class public?)");
        }
        OpenApi.ensureServed(app);
    }

    /** {method, path, status, summary} of an annotated method, or {@code null}. */
    private static String[] route(Method m) {
        if (m.getAnnotation(Get.class) instanceof Get a) {
            return new String[] {"GET", a.value(), String.valueOf(a.status()), a.summary()};
        }
        if (m.getAnnotation(Post.class) instanceof Post a) {
            return new String[] {"POST", a.value(), String.valueOf(a.status()), a.summary()};
        }
        if (m.getAnnotation(Put.class) instanceof Put a) {
            return new String[] {"PUT", a.value(), String.valueOf(a.status()), a.summary()};
        }
        if (m.getAnnotation(Patch.class) instanceof Patch a) {
            return new String[] {"PATCH", a.value(), String.valueOf(a.status()), a.summary()};
        }
        if (m.getAnnotation(Delete.class) instanceof Delete a) {
            return new String[] {"DELETE", a.value(), String.valueOf(a.status()), a.summary()};
        }
        return null;
    }

    static EndpointInfo inspect(Method m, String path, int status, String summary) {
        List<String> pathNames = PathPattern.compile(path).names();
        List<EndpointInfo.Param> params = new ArrayList<>();
        boolean body = false;
        boolean form = false;
        for (Parameter p : m.getParameters()) {
            EndpointInfo.Param param = param(m, p, pathNames);
            if (param.source() == EndpointInfo.Source.BODY) {
                if (body) {
                    throw new IllegalArgumentException("endpoint " + describe(m) + " has two body parameters: a request"
                            + " has one JSON body; make one record of both");
                }
                body = true;
            }
            form |= param.source() == EndpointInfo.Source.FORM;
            if (body && form) {
                throw new IllegalArgumentException("endpoint " + describe(m) + " has a JSON body parameter and form"
                        + " fields: a request body is either JSON or a form, not both");
            }
            params.add(param);
        }
        for (String n : pathNames) {
            if (params.stream()
                    .noneMatch(p ->
                            p.source() == EndpointInfo.Source.PATH && p.name().equals(n))) {
                throw new IllegalArgumentException("endpoint " + describe(m) + ": path " + path + " has {" + n
                        + "} but no parameter is bound to it" + namesHint(m));
            }
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException(
                    "endpoint " + describe(m) + ": status " + status + " is not an HTTP status");
        }
        m.setAccessible(true);
        return new EndpointInfo(m, List.copyOf(params), m.getGenericReturnType(), status, summary);
    }

    private static EndpointInfo.Param param(Method m, Parameter p, List<String> pathNames) {
        Type t = p.getParameterizedType();
        boolean optional = p.getType() == Optional.class;
        if (p.getType() == Request.class) {
            return new EndpointInfo.Param("request", EndpointInfo.Source.REQUEST, t, false, null);
        }
        String javaName = p.isNamePresent() ? p.getName() : null;
        if (p.getAnnotation(PathParam.class) instanceof PathParam a) {
            String name = named(m, p, a.value(), javaName);
            if (!pathNames.contains(name)) {
                throw new IllegalArgumentException("endpoint " + describe(m) + ": @PathParam " + name
                        + " is not a parameter of the path (it has " + pathNames + ")");
            }
            checkSimple(m, p, t);
            return new EndpointInfo.Param(name, EndpointInfo.Source.PATH, t, true, null);
        }
        if (p.getAnnotation(QueryParam.class) instanceof QueryParam a) {
            checkSimple(m, p, t);
            String def = a.defaultValue().isEmpty() ? null : a.defaultValue();
            return new EndpointInfo.Param(
                    named(m, p, a.value(), javaName),
                    EndpointInfo.Source.QUERY,
                    t,
                    !optional && def == null && !isList(t),
                    def);
        }
        if (p.getAnnotation(HeaderParam.class) instanceof HeaderParam a) {
            checkSimple(m, p, t);
            String def = a.defaultValue().isEmpty() ? null : a.defaultValue();
            String name = a.value().isEmpty() ? kebab(named(m, p, "", javaName)) : a.value();
            return new EndpointInfo.Param(name, EndpointInfo.Source.HEADER, t, !optional && def == null, def);
        }
        if (p.getAnnotation(FormParam.class) instanceof FormParam a) {
            String def = a.defaultValue().isEmpty() ? null : a.defaultValue();
            if (isFile(t)) {
                if (def != null) {
                    throw new IllegalArgumentException("endpoint " + describe(m) + ": parameter " + p.getName()
                            + " is an upload: it cannot have a default value");
                }
            } else {
                checkSimple(m, p, t);
            }
            return new EndpointInfo.Param(
                    named(m, p, a.value(), javaName),
                    EndpointInfo.Source.FORM,
                    t,
                    !optional && def == null && !isList(t),
                    def);
        }
        if (isFile(t)) {
            return new EndpointInfo.Param(
                    named(m, p, "", javaName), EndpointInfo.Source.FORM, t, !optional && !isList(t), null);
        }
        if (p.getAnnotation(Body.class) != null) {
            return new EndpointInfo.Param("body", EndpointInfo.Source.BODY, t, !optional, null);
        }
        if (javaName != null && pathNames.contains(javaName)) {
            checkSimple(m, p, t);
            return new EndpointInfo.Param(javaName, EndpointInfo.Source.PATH, t, true, null);
        }
        if (isSimpleOrWrapped(t)) {
            return new EndpointInfo.Param(
                    named(m, p, "", javaName), EndpointInfo.Source.QUERY, t, !optional && !isList(t), null);
        }
        return new EndpointInfo.Param("body", EndpointInfo.Source.BODY, t, !optional, null);
    }

    private static String named(Method m, Parameter p, String given, String javaName) {
        if (!given.isEmpty()) {
            return given;
        }
        if (javaName == null) {
            throw new IllegalArgumentException(
                    "endpoint " + describe(m) + ": parameter " + p.getName() + " has no name" + namesHint(m));
        }
        return javaName;
    }

    private static String namesHint(Method m) {
        return m.getParameters().length > 0 && !m.getParameters()[0].isNamePresent()
                ? " (the class was compiled without -parameters, so Java names are unknown: compile with -parameters,"
                        + " or name each parameter with @PathParam(\"id\"), @QueryParam(\"q\"), ...)"
                : "";
    }

    private static void checkSimple(Method m, Parameter p, Type t) {
        if (!isSimpleOrWrapped(t)) {
            throw new IllegalArgumentException("endpoint " + describe(m) + ": parameter " + p.getName() + " of type "
                    + t.getTypeName() + " cannot come from text: use String, a number, boolean, UUID, an enum or"
                    + " a java.time type (or Optional/List of one)");
        }
    }

    /** Whether {@code t} is {@link FormFile}, or {@code Optional}/{@code List} of it: an upload. */
    static boolean isFile(Type t) {
        return inner(t) == FormFile.class;
    }

    static boolean isList(Type t) {
        return t instanceof ParameterizedType pt && pt.getRawType() == List.class;
    }

    /** The element type of {@code Optional<X>} / {@code List<X>}, or {@code t} itself. */
    static Class<?> inner(Type t) {
        if (t instanceof ParameterizedType pt
                && (pt.getRawType() == Optional.class || pt.getRawType() == List.class)
                && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return t instanceof Class<?> c ? c : Object.class;
    }

    private static boolean isSimpleOrWrapped(Type t) {
        if (t instanceof Class<?> c) {
            return Conversions.isSimple(c);
        }
        if (t instanceof ParameterizedType pt && (pt.getRawType() == Optional.class || pt.getRawType() == List.class)) {
            return pt.getActualTypeArguments()[0] instanceof Class<?> c && Conversions.isSimple(c);
        }
        return false;
    }

    private static String kebab(String javaName) {
        StringBuilder sb = new StringBuilder();
        for (char c : javaName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c == '_' ? '-' : c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    static String describe(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()";
    }

    // ---- per request ----

    private static Object invoke(Object controller, EndpointInfo info, Request request) throws Exception {
        Object[] args = new Object[info.params().size()];
        List<ValidationError> errors = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            args[i] = bind(info.params().get(i), request, errors);
        }
        if (!errors.isEmpty()) {
            throw new HttpUnprocessableEntity(errors);
        }
        Object result;
        try {
            result = info.method().invoke(controller, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        }
        if (result instanceof Response r) {
            return r;
        }
        if (info.returnType() == void.class) {
            return Response.empty(info.status() == 200 ? 204 : info.status());
        }
        if (result instanceof Optional<?> o) {
            if (o.isEmpty()) {
                throw new HttpNotFound();
            }
            result = o.get();
        }
        Response r = switch (result) {
            case null -> Response.json(null);
            case String s -> Response.json(s);
            case byte[] b -> Response.bytes(b, "application/octet-stream");
            default -> Response.json(result);
        };
        return r.status(info.status());
    }

    private static Object bind(EndpointInfo.Param p, Request request, List<ValidationError> errors) throws Exception {
        return switch (p.source()) {
            case REQUEST -> request;
            case PATH -> text(p, request.pathParams().get(p.name()), List.of(), "path", errors);
            case QUERY -> text(p, request.query(p.name()), request.queryAll(p.name()), "query", errors);
            case HEADER -> text(p, request.header(p.name()), request.headers().getAll(p.name()), "header", errors);
            case BODY -> body(p, request, errors);
            case FORM -> formField(p, request.form(), errors);
        };
    }

    private static Object formField(EndpointInfo.Param p, FormData form, List<ValidationError> errors) {
        if (!isFile(p.type())) {
            return text(p, form.get(p.name()), form.getAll(p.name()), "body", errors);
        }
        if (isList(p.type())) {
            return form.files(p.name());
        }
        FormFile file = form.file(p.name());
        boolean optional = p.type() instanceof ParameterizedType pt && pt.getRawType() == Optional.class;
        if (optional) {
            return Optional.ofNullable(file);
        }
        if (file == null) {
            errors.add(new ValidationError(
                    List.of("body", p.name()),
                    form.get(p.name()) != null ? "expected an uploaded file, got a text field" : "field required",
                    form.get(p.name()) != null ? "value_error" : "missing"));
        }
        return file;
    }

    private static Object text(
            EndpointInfo.Param p, String value, List<String> all, String where, List<ValidationError> errors) {
        Class<?> target = inner(p.type());
        if (isList(p.type())) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                try {
                    out.add(Conversions.convert(all.get(i), target));
                } catch (IllegalArgumentException e) {
                    errors.add(new ValidationError(List.of(where, p.name(), i), e.getMessage(), "type_error"));
                }
            }
            return List.copyOf(out);
        }
        boolean optional = p.type() instanceof ParameterizedType pt && pt.getRawType() == Optional.class;
        String v = value != null ? value : p.defaultValue();
        if (v == null) {
            if (p.required()) {
                errors.add(new ValidationError(List.of(where, p.name()), "field required", "missing"));
            }
            if (optional) {
                return Optional.empty();
            }
            return target.isPrimitive() ? primitiveZero(target) : null;
        }
        try {
            Object converted = Conversions.convert(v, target);
            return optional ? Optional.of(converted) : converted;
        } catch (IllegalArgumentException e) {
            errors.add(new ValidationError(List.of(where, p.name()), e.getMessage(), "type_error"));
            return target.isPrimitive() ? primitiveZero(target) : null;
        }
    }

    private static Object body(EndpointInfo.Param p, Request request, List<ValidationError> errors) throws Exception {
        byte[] bytes = request.bytes();
        boolean optional = p.type() instanceof ParameterizedType pt && pt.getRawType() == Optional.class;
        Type target = optional ? ((ParameterizedType) p.type()).getActualTypeArguments()[0] : p.type();
        if (bytes.length == 0) {
            if (p.required()) {
                errors.add(new ValidationError(List.of("body"), "field required", "missing"));
            }
            return optional ? Optional.empty() : null;
        }
        var json = request.app().json();
        Object tree;
        try {
            tree = json.decode(bytes, Object.class);
        } catch (JsonException e) {
            errors.add(new ValidationError(List.of("body"), "invalid JSON: " + e.getMessage(), "json_invalid"));
            return null;
        }
        int before = errors.size();
        BodyValidator.check(json, tree, target, new ArrayList<>(List.of("body")), errors);
        if (errors.size() > before) {
            return null;
        }
        try {
            Object v = json.convert(tree, target);
            return optional ? Optional.ofNullable(v) : v;
        } catch (JsonException e) {
            List<Object> loc = new ArrayList<>();
            loc.add("body");
            loc.addAll(e.path());
            errors.add(new ValidationError(loc, e.getMessage(), "value_error"));
            return null;
        }
    }

    private static Object primitiveZero(Class<?> c) {
        return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(c, 1), 0);
    }
}
