package org.jasyncio.redis;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jasyncio.sync.Semaphore;

/**
 * At most {@code limit} connections, each lent to one task at a time: for blocking commands
 * ({@code BRPOP}, {@code XREADGROUP BLOCK}), {@code WATCH} transactions and anything else that needs
 * a connection to itself. (Plain commands need no pool: one {@link Redis} pipelines every task's
 * commands on one connection.)
 *
 * <pre>{@code
 * try (RedisPool pool = RedisPool.create("redis://127.0.0.1:6379", 10)) {
 *     try (RedisPool.Lease lease = pool.acquire()) {       // waits while all 10 are lent
 *         List<String> item = lease.redis().brpop(Duration.ofSeconds(5), "jobs");
 *     }                                                     // back to the pool
 * }
 * }</pre>
 *
 * <p>Connections are opened lazily and kept when returned; a returned connection that was closed
 * is dropped. Waiting for a connection is fair (first come, first served).
 *
 * <pre>
 * State: OPEN --close()--> CLOSED (acquire throws; lent connections close when returned)
 * </pre>
 * Loop thread only.
 */
public final class RedisPool implements AutoCloseable {
    /** The pool's states. */
    public enum State {
        OPEN,
        CLOSED
    }

    /**
     * A connection lent by the pool; {@link #close()} gives it back.
     */
    public final class Lease implements AutoCloseable {
        private Redis redis;

        private Lease(Redis redis) {
            this.redis = redis;
        }

        /** The lent client. */
        public Redis redis() {
            if (redis == null) {
                throw new IllegalStateException("this lease of " + RedisPool.this + " was returned: acquire another");
            }
            return redis;
        }

        /** Gives the connection back. Idempotent. */
        @Override
        public void close() {
            if (redis != null) {
                Redis r = redis;
                redis = null;
                giveBack(r);
            }
        }
    }

    private final RedisOptions options;
    private final int limit;
    private final Semaphore slots;
    /** Invariant: idle.size() + lent <= limit. */
    private final ArrayDeque<Redis> idle = new ArrayDeque<>();

    private int lent;
    private State state = State.OPEN;

    private RedisPool(RedisOptions options, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a RedisPool needs a limit >= 1, got " + limit);
        }
        this.options = Objects.requireNonNull(options, "options");
        this.limit = limit;
        this.slots = new Semaphore(limit);
    }

    /** A pool of at most {@code limit} connections to {@code url}; none is opened yet. */
    public static RedisPool create(String url, int limit) {
        return new RedisPool(RedisOptions.parse(url), limit);
    }

    /** A pool of at most {@code limit} connections with {@code options}. */
    public static RedisPool create(RedisOptions options, int limit) {
        return new RedisPool(options, limit);
    }

    /** Lends a connection, waiting while {@code limit} are lent; opens one if none is idle. */
    public Lease acquire() throws IOException {
        requireOpen();
        slots.acquire();
        boolean ok = false;
        try {
            requireOpen();
            Redis r = idle.poll();
            while (r != null && r.state() != Redis.State.OPEN) {
                r = idle.poll();
            }
            if (r == null) {
                r = Redis.connect(options);
            }
            lent++;
            ok = true;
            return new Lease(r);
        } finally {
            if (!ok) {
                slots.release();
            }
        }
    }

    private void giveBack(Redis r) {
        lent--;
        if (state == State.OPEN && r.state() == Redis.State.OPEN) {
            idle.push(r);
        } else {
            r.close();
        }
        slots.release();
    }

    /** How many connections are lent now. */
    public int lent() {
        return lent;
    }

    /** How many open connections wait in the pool. */
    public int idle() {
        return idle.size();
    }

    /** The most connections this pool opens. */
    public int limit() {
        return limit;
    }

    /** Closes the idle connections; lent ones close when given back. Idempotent. */
    @Override
    public void close() {
        state = State.CLOSED;
        for (Redis r = idle.poll(); r != null; r = idle.poll()) {
            r.close();
        }
    }

    private void requireOpen() {
        if (state == State.CLOSED) {
            throw new IllegalStateException(this + " is closed: acquire() needs an open pool");
        }
    }

    @Override
    public String toString() {
        return "<RedisPool " + options + " " + state + " lent=" + lent + " idle=" + idle.size() + " limit=" + limit
                + " waiting=" + slots.statistics().waiting() + ">";
    }
}
