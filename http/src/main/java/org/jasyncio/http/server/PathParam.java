package org.jasyncio.http.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a typed endpoint's parameter to a path parameter. Needed only to give a name other than the Java
 * parameter's, a default, or to force the source; or when the class is compiled without {@code -parameters}
 * (as the JDK's source launcher does), where the Java names are unknown.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface PathParam {
    /** The name on the wire; empty: the Java parameter's name. */
    String value() default "";

    /** The value used when it is absent, as text (converted like a sent value); empty: none. */
    String defaultValue() default "";
}
