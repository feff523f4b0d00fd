package org.jasyncio.testing;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.ExceptionContext;
import org.jasyncio.RunOptions;
import org.jasyncio.Runner;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs {@link AsyncTest} methods as coroutines. Registered by the annotation; users need not name it.
 */
public final class AsyncTestExtension implements InvocationInterceptor {
    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext)
            throws Throwable {
        AsyncTest config = invocationContext.getExecutable().getAnnotation(AsyncTest.class);
        RunOptions options = RunOptions.defaults();
        if (config == null || config.virtualTime()) {
            options = options.withVirtualClock();
        }
        if (config != null && config.debug()) {
            options = options.withDebug(true);
        }
        List<ExceptionContext> unhandled = new ArrayList<>();
        try (Runner runner = new Runner(options)) {
            runner.getLoop().setExceptionHandler((loop, ctx) -> unhandled.add(ctx));
            runner.run(() -> {
                try {
                    invocation.proceed();
                } catch (Exception | Error e) {
                    throw e;
                } catch (Throwable t) {
                    throw new RuntimeException(t);
                }
                return null;
            });
        }
        if (!unhandled.isEmpty()) {
            ExceptionContext first = unhandled.get(0);
            AssertionError e = new AssertionError(
                    unhandled.size() + " unhandled error(s) reported to the event loop's"
                            + " exception handler; the first: " + first.message(),
                    first.exception());
            throw e;
        }
    }
}
