package org.jasyncio.redis;

import java.util.Objects;

/**
 * The server answered a command with an error ({@code -ERR ...}, {@code -WRONGTYPE ...},
 * {@code -NOGROUP ...}): {@link #getMessage()} is Redis's message unchanged and {@link #code()} its
 * first word, so callers can branch on the kind without parsing text.
 *
 * <pre>{@code
 * try {
 *     redis.incr("a-hash");
 * } catch (RedisError e) {
 *     if (e.code().equals("WRONGTYPE")) { ... }
 * }
 * }</pre>
 *
 * <p>A checked exception: a command can fail this way by design (the wrong type, a missing group),
 * and {@code catch (IOException e)} also catches it, since the answer came over the network as the
 * rest of a command's failures do.
 */
public final class RedisError extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    /** The error as Redis sent it, e.g. {@code WRONGTYPE Operation against a key holding the wrong kind of value}. */
    public RedisError(String message) {
        super(Objects.requireNonNull(message, "message"));
    }

    /** The error's code: the first word of the message ({@code ERR}, {@code WRONGTYPE}, {@code NOAUTH}, ...). */
    public String code() {
        String m = getMessage();
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }
}
