package org.jasyncio.http.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a class registered with {@link App#endpoints(Object)} as the typed endpoint for
 * {@code POST} on a path (FastAPI's {@code @app.post(path)}). Its parameters are bound from the
 * request by name and type, its return value is the response (JSON for a value); see {@link App#endpoints}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Post {
    /** The path pattern, e.g. {@code /items/{id}}. */
    String value();

    /** The status of a successful answer that is not a {@link Response} (FastAPI's {@code status_code}). */
    int status() default 200;

    /** A one-line summary for the OpenAPI document. */
    String summary() default "";
}
