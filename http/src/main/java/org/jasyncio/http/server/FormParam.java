package org.jasyncio.http.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a typed endpoint's parameter to a field of a submitted form (FastAPI's {@code Form()} and
 * {@code File()}): a text field for a simple type (String, numbers, boolean, UUID, an enum, java.time;
 * or {@code Optional}/{@code List} of one), an upload for {@link FormFile} ({@code Optional<FormFile>},
 * {@code List<FormFile>}). A {@code FormFile} parameter is a form field even without this annotation.
 * The body is read by {@link Request#form()}: {@code application/x-www-form-urlencoded} or
 * {@code multipart/form-data}, within the route's body limit; a missing or unconvertible field is a 422
 * at {@code ["body", name]}, as in FastAPI.
 *
 * <pre>{@code
 * @Post("/avatars")
 * public String upload(@FormParam String user, FormFile picture) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FormParam {
    /** The field's name in the form; empty: the Java parameter's name. */
    String value() default "";

    /** The value used when a text field is absent, as text (converted like a sent value); empty: none. */
    String defaultValue() default "";
}
