package org.jasyncio.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test method that runs as the main task of a fresh event loop, on a {@link VirtualClock}
 * by default: {@code Asyncio.sleep(3600)} inside it takes microseconds.
 *
 * <pre>{@code
 * @AsyncTest
 * void retriesThreeTimes() throws Exception {
 *     double t0 = Asyncio.getRunningLoop().time();
 *     ...
 *     assertThat(Asyncio.getRunningLoop().time() - t0).isEqualTo(7.0);
 * }
 * }</pre>
 *
 * Leftover tasks are cancelled and awaited after the method returns, as {@code Asyncio.run} does;
 * unhandled errors reported to the loop's exception handler fail the test.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(AsyncTestExtension.class)
public @interface AsyncTest {
    /** Whether the loop runs on a {@link VirtualClock} (default) or the system clock. */
    boolean virtualTime() default true;

    /** Whether the loop runs in debug mode. */
    boolean debug() default false;
}
