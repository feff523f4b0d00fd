package org.jasyncio;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A mapping of {@link ContextVar}s to values (Python's {@code contextvars.Context}). Every task runs
 * in its own context, a copy of its creator's taken when the task was created; code outside any task
 * uses its thread's context.
 *
 * <p>Copying is O(1): a context holds an immutable map and {@link ContextVar#set} replaces it
 * (copy-on-write), so spawning 100k tasks copies nothing.
 */
public final class Context {
    private static final Map<ContextVar<?>, Object> EMPTY = Map.of();
    private static final ThreadLocal<Context> THREAD_CONTEXT = ThreadLocal.withInitial(Context::new);

    /** Immutable; replaced, never mutated. Owned by whoever runs in this context. */
    private Map<ContextVar<?>, Object> values;

    /** An empty context. */
    public Context() {
        this.values = EMPTY;
    }

    private Context(Map<ContextVar<?>, Object> values) {
        this.values = values;
    }

    /** The context of the running task, or of this thread when no task runs. */
    public static Context current() {
        EventLoop loop = EventLoop.runningOrNull();
        Task<?> t = loop == null ? null : loop.currentTask();
        return t != null ? t.getContext() : THREAD_CONTEXT.get();
    }

    /** A shallow copy: the same values, changed independently from now on. */
    public Context copy() {
        return new Context(values);
    }

    /**
     * This context's values as they are now, from which {@link #ofSnapshot} makes a copy later with the
     * same values: O(1), the map is never mutated (a new task keeps this until its context is asked for).
     */
    Map<ContextVar<?>, Object> snapshot() {
        return values;
    }

    /** A context holding {@code values}, taken earlier by {@link #snapshot()}: a copy made late. */
    static Context ofSnapshot(Map<ContextVar<?>, Object> values) {
        return new Context(values);
    }

    /** Whether {@code var} has a value in this context. */
    public boolean containsKey(ContextVar<?> var) {
        return values.containsKey(var);
    }

    /** The number of variables set in this context. */
    public int size() {
        return values.size();
    }

    /**
     * Runs {@code fn} with this context as the thread's context (outside tasks), as Python's
     * {@code Context.run}. Inside a task use {@link Asyncio#createTask(Coroutine, String, Context)}.
     */
    public <T> T run(Callable<T> fn) throws Exception {
        Context saved = THREAD_CONTEXT.get();
        THREAD_CONTEXT.set(this);
        try {
            return fn.call();
        } finally {
            THREAD_CONTEXT.set(saved);
        }
    }

    Object lookup(ContextVar<?> var, Object missing) {
        return values.getOrDefault(var, missing);
    }

    Object put(ContextVar<?> var, Object value, Object missing) {
        Object old = values.getOrDefault(var, missing);
        HashMap<ContextVar<?>, Object> next = new HashMap<>(values);
        next.put(Objects.requireNonNull(var), value);
        values = next;
        return old;
    }

    void restore(ContextVar<?> var, Object old, Object missing) {
        HashMap<ContextVar<?>, Object> next = new HashMap<>(values);
        if (old == missing) {
            next.remove(var);
        } else {
            next.put(var, old);
        }
        values = next;
    }

    @Override
    public String toString() {
        return "<Context vars=" + values.size() + ">";
    }
}
