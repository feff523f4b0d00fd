package org.jasyncio;

import org.jasyncio.internal.Throwables;

/**
 * How one awaited thing ended: a value or an exception ({@link Asyncio#gatherSettled}, asyncio's
 * {@code gather(..., return_exceptions=True)}). A cancellation is a {@link Failure} with a
 * {@link CancelledError}.
 *
 * <pre>{@code
 * for (Outcome<String> o : Asyncio.gatherSettled(a, b)) {
 *     switch (o) {
 *         case Outcome.Success<String> s -> System.out.println(s.value());
 *         case Outcome.Failure<String> f -> System.out.println("failed: " + f.exception());
 *     }
 * }
 * }</pre>
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> {
    /** Whether it ended with a value. */
    boolean isSuccess();

    /** The value; throws the exception unchanged if it failed. */
    T getOrThrow() throws Exception;

    /** The exception, or {@code null} on success. */
    Throwable exceptionOrNull();

    /** A successful outcome. */
    static <T> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    /** A failed outcome. */
    static <T> Outcome<T> failure(Throwable exception) {
        return new Failure<>(exception);
    }

    /** Ended with a value. @param value the value */
    record Success<T>(T value) implements Outcome<T> {
        @Override
        public boolean isSuccess() {
            return true;
        }

        @Override
        public T getOrThrow() {
            return value;
        }

        @Override
        public Throwable exceptionOrNull() {
            return null;
        }
    }

    /** Ended with an exception. @param exception the exception */
    record Failure<T>(Throwable exception) implements Outcome<T> {
        public Failure {
            java.util.Objects.requireNonNull(exception, "exception");
        }

        @Override
        public boolean isSuccess() {
            return false;
        }

        @Override
        public T getOrThrow() throws Exception {
            throw Throwables.rethrow(exception);
        }

        @Override
        public Throwable exceptionOrNull() {
            return exception;
        }
    }
}
