package org.jasyncio.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code SET}: an expiry ({@code EX}/{@code PX}) and a condition ({@code NX}: only if
 * absent, {@code XX}: only if present).
 *
 * <pre>{@code
 * redis.set("lock", "me", SetArgs.ex(Duration.ofSeconds(30)).nx());   // false if someone holds it
 * }</pre>
 *
 * @param expire the time to live, or {@code null} for none (whole seconds go as EX, others as PX)
 * @param condition {@code null}, {@code "NX"} or {@code "XX"}
 */
public record SetArgs(Duration expire, String condition) {
    /** Checks the values. */
    public SetArgs {
        if (expire != null && (expire.isNegative() || expire.isZero())) {
            throw new IllegalArgumentException("SET expiry must be positive, got " + expire);
        }
        if (condition != null && !condition.equals("NX") && !condition.equals("XX")) {
            throw new IllegalArgumentException("SET condition must be NX or XX, got " + condition);
        }
    }

    /** No options. */
    public static SetArgs none() {
        return new SetArgs(null, null);
    }

    /** Expire after {@code ttl} (EX when whole seconds, PX otherwise). */
    public static SetArgs ex(Duration ttl) {
        return new SetArgs(ttl, null);
    }

    /** Expire after {@code millis} milliseconds (PX). */
    public static SetArgs px(long millis) {
        return new SetArgs(Duration.ofMillis(millis), null);
    }

    /** Only if the key does not exist. */
    public SetArgs nx() {
        return new SetArgs(expire, "NX");
    }

    /** Only if the key exists. */
    public SetArgs xx() {
        return new SetArgs(expire, "XX");
    }

    /** These options as SET's trailing arguments. */
    List<String> arguments() {
        List<String> a = new ArrayList<>();
        if (expire != null) {
            if (expire.toNanos() % 1_000_000_000L == 0) {
                a.add("EX");
                a.add(Long.toString(expire.toSeconds()));
            } else {
                a.add("PX");
                a.add(Long.toString(Math.max(1, expire.toMillis())));
            }
        }
        if (condition != null) {
            a.add(condition);
        }
        return a;
    }
}
