package org.jasyncio;

/**
 * A coroutine: plain Java code that returns a value and may suspend (call {@link Asyncio#sleep},
 * {@link Future#await()}, ...) when it runs inside a {@link Task}. "Awaiting a coroutine" is simply
 * calling it; handing it to {@link Asyncio#createTask} runs it concurrently.
 *
 * <pre>{@code
 * Coroutine<String> fetch = () -> { Asyncio.sleep(1.0); return "data"; };
 * }</pre>
 *
 * @param <T> the value it returns
 * @see VoidCoroutine the twin for blocks that return nothing
 */
@FunctionalInterface
public interface Coroutine<T> {
    /** Runs the coroutine's body; may suspend and may throw anything. */
    T call() throws Exception;
}
