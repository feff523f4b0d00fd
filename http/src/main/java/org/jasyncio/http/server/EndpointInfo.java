package org.jasyncio.http.server;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.List;

/**
 * What a typed endpoint declares, read once from its method's signature: used to bind each request's
 * input and to write the OpenAPI document.
 *
 * @param method the Java method
 * @param params its parameters, in order
 * @param returnType the generic return type ({@code void} for none)
 * @param status the success status (200 by default, {@code status} of the annotation)
 * @param summary the operation's summary (the annotation's), or empty
 */
record EndpointInfo(Method method, List<Param> params, Type returnType, int status, String summary) {
    /** Where a parameter comes from. */
    enum Source {
        PATH,
        QUERY,
        HEADER,
        BODY,
        /** A field of a submitted form ({@link FormParam}, or a {@link FormFile} parameter). */
        FORM,
        REQUEST
    }

    /**
     * One parameter.
     *
     * @param name the name on the wire (the Java name, or the annotation's)
     * @param source where it comes from
     * @param type the generic Java type (for Optional: the Optional type)
     * @param required whether it must be present (not Optional, no default)
     * @param defaultValue the annotation's default as text, or {@code null}
     */
    record Param(String name, Source source, Type type, boolean required, String defaultValue) {}
}
