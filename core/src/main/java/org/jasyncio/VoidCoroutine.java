package org.jasyncio;

/**
 * The twin of {@link Coroutine} for a block that returns nothing, so that {@code () -> { ... }}
 * lambdas are accepted wherever a coroutine is. Its value, where one is reported, is {@code null}.
 *
 * <p>Every API that takes a {@code Coroutine} has an overload taking a {@code VoidCoroutine}, and
 * Java picks between them by the lambda's shape:
 * <ul>
 *   <li>{@code () -> { sleep(0.1); }} (a block with no value) and {@code () -> log()} (a call of a
 *       void method) fit only this interface;
 *   <li>{@code () -> 42} fits only {@code Coroutine};
 *   <li>{@code () -> fetch()} with {@code fetch} returning a value fits both, and the value-returning
 *       {@code Coroutine} wins, as it does for a method reference to one method ({@code this::fetch}).
 * </ul>
 * A reference to an overloaded method name ({@code Foo::bar} where several {@code bar} exist) is
 * ambiguous to the compiler, as with {@code ExecutorService.submit(Callable|Runnable)}: write it as
 * a lambda.
 */
@FunctionalInterface
public interface VoidCoroutine {
    /** Runs the coroutine's body; may suspend and may throw anything. */
    void run() throws Exception;

    /**
     * This block as a {@link Coroutine} returning {@code null}. A task made of a block runs {@link #run()}
     * itself and calls this only when asked for its coroutine ({@code Task.getCoro()}): an override is
     * not a hook into how the task runs the block.
     */
    default Coroutine<Void> asCoroutine() {
        return () -> {
            run();
            return null;
        };
    }
}
