package org.jasyncio.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.redis.resp.RespValue;

/**
 * Commands queued here and sent in one write on {@link #execute()}: one round trip for all (a
 * {@link Redis#pipeline()}), or, made by {@link Redis#multi()}, wrapped in {@code MULTI}/{@code EXEC}
 * so that Redis runs them atomically, with no other client's command in between.
 *
 * <pre>{@code
 * List<Object> r = redis.pipeline().set("a", "1").incr("a").get("a").execute();   // ["OK", 2, "2"]
 * List<Object> t = redis.multi().incr("n").expire("n", Duration.ofMinutes(1)).execute();
 * }</pre>
 *
 * <p>Results come as {@link Redis#command} gives them, in order. In a pipeline an error reply is a
 * {@link RedisError} element (the other commands ran); in a transaction a command refused while
 * queueing (a syntax error) aborts all and {@code execute()} throws it ({@code EXECABORT}), while a
 * command that fails when run (a {@code WRONGTYPE}) is a {@link RedisError} element, the others
 * having run, as Redis does it.
 *
 * <pre>
 * State: QUEUEING --execute()--> EXECUTED (adding or executing again throws IllegalStateException)
 * </pre>
 * Loop thread only.
 */
public final class Pipeline {
    /** The pipeline's states. */
    public enum State {
        QUEUEING,
        EXECUTED
    }

    private final Redis redis;
    private final boolean transaction;
    private final List<List<byte[]>> commands = new ArrayList<>();
    private State state = State.QUEUEING;

    Pipeline(Redis redis, boolean transaction) {
        this.redis = redis;
        this.transaction = transaction;
    }

    /** Queues any command. */
    public Pipeline command(Object... args) {
        if (state != State.QUEUEING) {
            throw new IllegalStateException(this + " was executed: make a new one");
        }
        commands.add(Commands.encode(args));
        return this;
    }

    /** Queues {@code GET key}. */
    public Pipeline get(String key) {
        return command("GET", key);
    }

    /** Queues {@code SET key value}. */
    public Pipeline set(String key, String value) {
        return command("SET", key, value);
    }

    /** Queues {@code INCR key}. */
    public Pipeline incr(String key) {
        return command("INCR", key);
    }

    /** Queues {@code DEL key}. */
    public Pipeline del(String key) {
        return command("DEL", key);
    }

    /** Queues {@code PEXPIRE key ms}. */
    public Pipeline expire(String key, java.time.Duration ttl) {
        return command("PEXPIRE", key, ttl.toMillis());
    }

    /** Queues {@code HSET key field value}. */
    public Pipeline hset(String key, String field, String value) {
        return command("HSET", key, field, value);
    }

    /** Queues {@code RPUSH key value}. */
    public Pipeline rpush(String key, String value) {
        return command("RPUSH", key, value);
    }

    /** Queues {@code XADD key * fields}. */
    public Pipeline xadd(String key, Map<String, String> fields) {
        return command(Commands.xadd(key, "*", fields).toArray());
    }

    /** How many commands are queued. */
    public int size() {
        return commands.size();
    }

    /**
     * Sends the commands in one write and waits for every reply.
     *
     * @throws RedisError for a transaction that was aborted ({@code EXECABORT}, with the first
     *     refused command's error as its cause) or discarded by a {@code WATCH} ({@code null} from EXEC)
     */
    public List<Object> execute() throws IOException {
        if (state != State.QUEUEING) {
            throw new IllegalStateException(this + " was executed: make a new one");
        }
        state = State.EXECUTED;
        if (commands.isEmpty()) {
            return List.of();
        }
        if (!transaction) {
            List<Object> out = new ArrayList<>(commands.size());
            for (RespValue v : redis.link().executeAll(commands)) {
                out.add(Replies.toJava(v));
            }
            return out;
        }
        List<List<byte[]>> all = new ArrayList<>(commands.size() + 2);
        all.add(Commands.encode("MULTI"));
        all.addAll(commands);
        all.add(Commands.encode("EXEC"));
        List<RespValue> replies = redis.link().executeAll(all);
        RespValue exec = replies.get(replies.size() - 1);
        if (exec instanceof RespValue.Error e) {
            RedisError error = new RedisError(e.message());
            for (RespValue queued : replies.subList(1, replies.size() - 1)) {
                if (queued instanceof RespValue.Error q) {
                    error.initCause(new RedisError(q.message()));
                    break;
                }
            }
            throw error;
        }
        if (exec instanceof RespValue.Null) {
            throw new RedisError("EXECABORT Transaction discarded because a watched key changed");
        }
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) Replies.toJava(exec);
        return out;
    }

    @Override
    public String toString() {
        return "<Pipeline " + (transaction ? "MULTI " : "") + state + " commands=" + commands.size() + ">";
    }
}
