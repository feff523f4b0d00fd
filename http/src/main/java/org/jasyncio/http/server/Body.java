package org.jasyncio.http.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a typed endpoint's parameter to the JSON request body (a parameter of a record, collection or
 * other non-simple type is the body without it; this forces it, e.g. for a {@code String} body).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {}
