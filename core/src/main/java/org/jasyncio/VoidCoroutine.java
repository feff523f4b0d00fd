package org.jasyncio;

/**
 * The twin of {@link Coroutine} for a block that returns nothing, so that {@code () -> { ... }}
 * lambdas are accepted wherever a coroutine is. Its value, where one is reported, is {@code null}.
 */
@FunctionalInterface
public interface VoidCoroutine {
    /** Runs the coroutine's body; may suspend and may throw anything. */
    void run() throws Exception;

    /** This block as a {@link Coroutine} returning {@code null}. */
    default Coroutine<Void> asCoroutine() {
        return () -> {
            run();
            return null;
        };
    }
}
