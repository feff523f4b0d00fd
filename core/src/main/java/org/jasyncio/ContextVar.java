package org.jasyncio;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A context-local variable (Python's {@code contextvars.ContextVar}): each task sees the value of its
 * own context, which starts as a copy of its creator's; a task's {@link #set} is invisible to the
 * tasks that were created before it and to its creator.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id", "-");
 * var token = REQUEST_ID.set("r-42");
 * try { handle(); } finally { REQUEST_ID.reset(token); }
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ContextVar<T> {
    private static final Object MISSING = new Object();

    private final String name;
    private final T defaultValue;
    private final boolean hasDefault;

    /** A variable without a default: {@link #get()} throws until it is set. */
    public ContextVar(String name) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = null;
        this.hasDefault = false;
    }

    /** A variable with a default value. */
    public ContextVar(String name, T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
        this.hasDefault = true;
    }

    /** The variable's name. */
    public String getName() {
        return name;
    }

    /**
     * Its value in the current context, else its default.
     *
     * @throws NoSuchElementException (Python's {@code LookupError}) if it has neither
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = Context.current().lookup(this, MISSING);
        if (v != MISSING) {
            return (T) v;
        }
        if (hasDefault) {
            return defaultValue;
        }
        throw new NoSuchElementException(
                "ContextVar '" + name + "' has no value in " + Context.current() + " and no default");
    }

    /** Its value in the current context, else {@code fallback}. */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Object v = Context.current().lookup(this, MISSING);
        return v != MISSING ? (T) v : fallback;
    }

    /** Sets its value in the current context; the token undoes it with {@link #reset}. */
    public Token<T> set(T value) {
        Context ctx = Context.current();
        Object old = ctx.put(this, value, MISSING);
        return new Token<>(this, ctx, old);
    }

    /**
     * Restores the value it had before the {@link #set} that returned {@code token}.
     *
     * @throws IllegalArgumentException if the token is of another variable or context
     * @throws IllegalStateException if the token was used already
     */
    public void reset(Token<T> token) {
        if (token.var != this) {
            throw new IllegalArgumentException(token + " was made by another ContextVar than '" + name + "'");
        }
        Context ctx = Context.current();
        if (token.context != ctx) {
            throw new IllegalArgumentException(token + " was made in another Context than " + ctx);
        }
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        token.used = true;
        ctx.restore(this, token.oldValue, MISSING);
    }

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (hasDefault ? " default=" + defaultValue : "") + ">";
    }

    /**
     * What {@link ContextVar#set} returns, to undo the change with {@link ContextVar#reset}.
     *
     * @param <T> the variable's value type
     */
    public static final class Token<T> {
        private final ContextVar<T> var;
        private final Context context;
        private final Object oldValue;
        private boolean used;

        private Token(ContextVar<T> var, Context context, Object oldValue) {
            this.var = var;
            this.context = context;
            this.oldValue = oldValue;
        }

        /** The variable it belongs to. */
        public ContextVar<T> getVar() {
            return var;
        }

        @Override
        public String toString() {
            return "<Token var=" + var.getName() + (used ? " used" : "") + ">";
        }
    }
}
