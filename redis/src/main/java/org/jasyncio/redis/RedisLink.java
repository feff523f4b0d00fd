package org.jasyncio.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.Timeout;
import org.jasyncio.redis.resp.RespValue;
import org.jasyncio.sync.Held;
import org.jasyncio.sync.Lock;

/**
 * The connection management behind a {@link Redis} client: the current connection, re-opened with
 * exponential backoff when lost (one task re-opens, the others wait for it), the handshake, and the
 * waiting for replies within the command timeout. {@link Redis} is the commands on top.
 *
 * <p>Loop thread only.
 */
final class RedisLink {
    private final RedisOptions options;
    private final Redis owner;
    /** Serializes reconnection: one task re-opens, the others wait for it. */
    private final Lock connecting = new Lock();

    private RedisConnection connection;
    private boolean closed;
    /** The database every new connection selects. */
    int database;
    /** How many times the connection was re-opened after a loss. */
    long reconnects;

    RedisLink(RedisOptions options, Redis owner) {
        this.options = options;
        this.owner = owner;
        this.database = options.database();
    }

    /** Opens the first connection, once (a wrong address fails at once). */
    void connectFirst() throws IOException {
        connection = open();
    }

    /** Sends one command and waits for its reply (again, shortly, while the server is LOADING). */
    RespValue execute(List<byte[]> args, Duration block) throws IOException {
        Duration delay = options.reconnectBackoff();
        for (int attempt = 0; ; attempt++) {
            RedisConnection c = connection();
            RespValue v = awaitReply(c.send(args), block);
            // LOADING: a restarted server is reading its data back and ran nothing; ask again shortly.
            if (v instanceof RespValue.Error e && e.code().equals("LOADING") && attempt < options.reconnectAttempts()) {
                Asyncio.sleep(delay);
                delay = delay.multipliedBy(2).compareTo(RedisOptions.MAX_BACKOFF) > 0
                        ? RedisOptions.MAX_BACKOFF
                        : delay.multipliedBy(2);
                continue;
            }
            return Replies.check(v);
        }
    }

    /** Waits for one reply within the command timeout (plus {@code block} for blocking commands). */
    RespValue awaitReply(Future<RespValue> f, Duration block) throws IOException {
        Duration limit = options.commandTimeout();
        if (limit != null && block != null) {
            limit = block.isZero() ? null : limit.plus(block);
        }
        boolean ok = false;
        try {
            RespValue v;
            if (limit == null) {
                v = f.await();
            } else {
                try (Timeout t = Asyncio.timeout(limit)) {
                    v = f.await();
                }
            }
            ok = true;
            return v;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            if (!ok && !f.done()) {
                f.cancel(); // its reply, when it comes, is dropped
            }
        }
    }

    /** Waits for a future the connection completes (pub/sub confirmations), within the command timeout. */
    void awaitVoid(Future<Void> f) throws IOException {
        Duration limit = options.commandTimeout();
        try {
            if (limit == null) {
                f.await();
            } else {
                try (Timeout t = Asyncio.timeout(limit)) {
                    f.await();
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** The open connection, re-opened (with backoff) if it was lost. */
    RedisConnection connection() throws IOException {
        if (closed) {
            throw new IllegalStateException(owner + " is closed: connect a new client");
        }
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        try (Held held = connecting.hold()) {
            if (connection != null && connection.isOpen()) {
                return connection;
            }
            Duration delay = options.reconnectBackoff();
            IOException last = null;
            for (int attempt = 0; attempt <= options.reconnectAttempts(); attempt++) {
                if (attempt > 0) {
                    Asyncio.sleep(delay);
                    delay = delay.multipliedBy(2);
                    if (delay.compareTo(RedisOptions.MAX_BACKOFF) > 0) {
                        delay = RedisOptions.MAX_BACKOFF;
                    }
                }
                try {
                    connection = open();
                    reconnects++;
                    return connection;
                } catch (RedisConnectionError e) {
                    last = e;
                } catch (RedisError e) {
                    if (!e.code().equals("LOADING")) {
                        throw e;
                    }
                    // A restarted server answers LOADING until its data set is read back: wait for it.
                    last = new RedisConnectionError("Redis at " + options + " is loading its data set", e);
                }
            }
            throw new RedisConnectionError(
                    "Redis at " + options + " unreachable after " + (options.reconnectAttempts() + 1) + " attempts: "
                            + last.getMessage(),
                    last);
        }
    }

    /** Opens and sets up one connection: HELLO 3 (or the RESP2 fallback), AUTH, SELECT. */
    private RedisConnection open() throws IOException {
        RedisConnection c = RedisConnection.open(options);
        try {
            Handshake.run(c, options, database, this);
            return c;
        } catch (IOException | RuntimeException | Error e) {
            c.abort();
            throw e;
        }
    }

    /** Sends {@code commands} in one write and waits for every reply (errors not thrown). */
    List<RespValue> executeAll(List<List<byte[]>> commands) throws IOException {
        RedisConnection c = connection();
        List<Future<RespValue>> fs = c.sendAll(commands);
        List<RespValue> out = new ArrayList<>(fs.size());
        try {
            for (Future<RespValue> f : fs) {
                out.add(awaitReply(f, null));
            }
        } catch (IOException | RuntimeException | CancelledError e) {
            fs.forEach(f -> {
                if (!f.done()) {
                    f.cancel();
                }
            });
            throw e;
        }
        return out;
    }

    /** Closes the connection; commands waiting on it fail. */
    void close() {
        closed = true;
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public String toString() {
        return connection == null ? "" : connection.toString();
    }
}
