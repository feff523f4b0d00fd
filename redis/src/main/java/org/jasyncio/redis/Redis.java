package org.jasyncio.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jasyncio.redis.resp.RespValue;

/**
 * A Redis client on the running loop: every command is a plain method that suspends the calling
 * task until the reply comes, with no thread hop (the socket is the loop's, as every jasyncio
 * stream's).
 *
 * <pre>{@code
 * Asyncio.run(() -> {
 *     try (Redis redis = Redis.connect("redis://127.0.0.1:6379/0")) {
 *         redis.set("greeting", "hello", SetArgs.ex(Duration.ofMinutes(5)));
 *         String g = redis.get("greeting");
 *         long n = redis.incr("visits");
 *         Object any = redis.command("OBJECT", "ENCODING", "visits");   // every other command
 *     }
 * });
 * }</pre>
 *
 * <p><b>One connection, many tasks.</b> Commands from any number of tasks share the connection:
 * each is written at once and its reply matched in order, so concurrent callers are pipelined
 * automatically. {@link #pipeline()} sends a batch in one write, {@link #multi()} a MULTI/EXEC
 * transaction. A blocking command ({@code BRPOP}, {@code XREADGROUP BLOCK}) holds the connection
 * until it returns: give blocking readers their own client ({@link #duplicate()}, or a
 * {@link RedisPool}). {@link #pubsub()} always opens its own connection.
 *
 * <p><b>Protocol.</b> The handshake is {@code HELLO 3} (with {@code AUTH} and {@code SETNAME} in
 * it); if the server refuses (Redis before 6, or HELLO disabled), the client speaks RESP2 and
 * authenticates with {@code AUTH}. Replies are the same Java objects either way.
 *
 * <p><b>Failures.</b> An error reply is thrown as a {@link RedisError} carrying Redis's message. A
 * lost connection fails the commands waiting on it with {@link RedisConnectionError}; the next
 * command re-opens it, retrying with exponential backoff ({@link RedisOptions#reconnectAttempts()}).
 * A command not answered within {@link RedisOptions#commandTimeout()} throws
 * {@link org.jasyncio.TimeoutError}; its late reply is dropped, the connection stays usable. Any
 * command also obeys an enclosing {@code Asyncio.timeout(...)} block.
 *
 * <pre>
 * State: OPEN --close()--> CLOSED (commands throw IllegalStateException)
 * </pre>
 * Loop thread only: a client belongs to the loop it was connected on.
 */
public final class Redis implements AutoCloseable {
    /** The client's states. */
    public enum State {
        OPEN,
        CLOSED
    }

    private final RedisOptions options;
    private final RedisLink link;
    private State state = State.OPEN;

    private Redis(RedisOptions options) {
        this.options = options;
        this.link = new RedisLink(options, this);
    }

    /** Connects to {@code url} ({@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://} for TLS). */
    public static Redis connect(String url) throws IOException {
        return connect(RedisOptions.parse(url));
    }

    /**
     * Connects with {@code options}; the first connection is tried once (a wrong address fails at
     * once), later ones are retried with backoff.
     *
     * @throws RedisConnectionError if the server cannot be reached
     * @throws RedisError if it refuses the handshake (wrong password, unknown database)
     */
    public static Redis connect(RedisOptions options) throws IOException {
        Redis r = new Redis(Objects.requireNonNull(options, "options"));
        r.link.connectFirst();
        return r;
    }

    /** A new client with the same options (and database): its own connection. */
    public Redis duplicate() throws IOException {
        requireOpen();
        return connect(options.withDatabase(link.database));
    }

    /** The options this client was made with. */
    public RedisOptions options() {
        return options;
    }

    /** The protocol version the current connection speaks: 3, or 2 after a fallback. */
    public int protocol() throws IOException {
        return link.connection().protocol();
    }

    /** How many times the connection was re-opened after a loss. */
    public long reconnects() {
        return link.reconnects;
    }

    /** {@link State#OPEN} or {@link State#CLOSED}. */
    public State state() {
        return state;
    }

    // ---- the generic command ----

    /**
     * Runs any command and returns its reply as plain Java objects: String (simple, bulk and
     * verbatim strings, UTF-8), Long, Double, Boolean, BigInteger, {@code null}, List (arrays, sets),
     * Map (maps); an error nested in an array (EXEC) as a {@link RedisError} element.
     *
     * @throws RedisError if the reply is an error
     */
    public Object command(String... args) throws IOException {
        return Replies.toJava(call((Object[]) args));
    }

    /** Runs any command, arguments as String, byte[] or numbers; returns the raw RESP value. */
    public RespValue call(Object... args) throws IOException {
        return link.execute(Commands.encode(args), null);
    }

    /** Runs a blocking command whose server-side wait is {@code block}; the client waits that much longer. */
    RespValue callBlocking(Duration block, Object... args) throws IOException {
        return link.execute(Commands.encode(args), block);
    }

    /** The connection management (package use: pipelines, pub/sub, the handshake). */
    RedisLink link() {
        return link;
    }

    /** Closes the connection; commands waiting on it fail. Idempotent. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        link.close();
    }

    private void requireOpen() {
        if (state == State.CLOSED) {
            throw new IllegalStateException(this + " is closed: connect a new client");
        }
    }

    @Override
    public String toString() {
        return "<Redis " + options.withDatabase(link.database) + " " + state + " " + link + ">";
    }

    // ---- strings and keys ----

    /** {@code PING}: "PONG". */
    public String ping() throws IOException {
        return Replies.text(call("PING"));
    }

    /** {@code GET key}: the value, or {@code null}. */
    public String get(String key) throws IOException {
        return Replies.text(call("GET", key));
    }

    /** {@code GET key} as bytes, or {@code null}. */
    public byte[] getBytes(String key) throws IOException {
        return Replies.bytes(call("GET", key));
    }

    /** {@code SET key value}. */
    public void set(String key, String value) throws IOException {
        call("SET", key, value);
    }

    /** {@code SET key value} with bytes. */
    public void set(String key, byte[] value) throws IOException {
        call("SET", key, value);
    }

    /** {@code SET key value [EX|PX] [NX|XX]}: {@code false} when NX/XX prevented the write. */
    public boolean set(String key, String value, SetArgs args) throws IOException {
        List<Object> a = new ArrayList<>(List.of("SET", key, value));
        a.addAll(args.arguments());
        return !(call(a.toArray()) instanceof RespValue.Null);
    }

    /** {@code INCR key}. */
    public long incr(String key) throws IOException {
        return Replies.integer(call("INCR", key));
    }

    /** {@code INCRBY key n}. */
    public long incrBy(String key, long n) throws IOException {
        return Replies.integer(call("INCRBY", key, n));
    }

    /** {@code DECR key}. */
    public long decr(String key) throws IOException {
        return Replies.integer(call("DECR", key));
    }

    /** {@code DECRBY key n}. */
    public long decrBy(String key, long n) throws IOException {
        return Replies.integer(call("DECRBY", key, n));
    }

    /** {@code PEXPIRE key ms}: {@code false} if the key does not exist. */
    public boolean expire(String key, Duration ttl) throws IOException {
        return Replies.integer(call("PEXPIRE", key, ttl.toMillis())) == 1;
    }

    /**
     * {@code PTTL key}: the time to live, or {@code null} if the key has no expiry or does not
     * exist ({@link #exists} tells which).
     */
    public Duration ttl(String key) throws IOException {
        long ms = Replies.integer(call("PTTL", key));
        return ms < 0 ? null : Duration.ofMillis(ms);
    }

    /** {@code DEL key...}: how many keys were removed. */
    public long del(String... keys) throws IOException {
        return Replies.integer(call(Commands.concat("DEL", keys)));
    }

    /** {@code EXISTS key...}: how many of the keys exist. */
    public long exists(String... keys) throws IOException {
        return Replies.integer(call(Commands.concat("EXISTS", keys)));
    }

    /**
     * Every key matching {@code pattern}, through {@code SCAN} cursors (never {@code KEYS}, which
     * blocks the server on a large database). A key may appear twice if the keyspace is rehashed
     * during the scan (Redis's guarantee); the list has no duplicates.
     */
    public List<String> scan(String pattern) throws IOException {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        String cursor = "0";
        do {
            List<RespValue> r = Replies.elements(call("SCAN", cursor, "MATCH", pattern, "COUNT", 500));
            cursor = Replies.text(r.get(0));
            for (RespValue k : Replies.elements(r.get(1))) {
                keys.add(Replies.text(k));
            }
        } while (!cursor.equals("0"));
        return new ArrayList<>(keys);
    }

    /**
     * {@code SELECT db}: this client's connection (and every re-opened one) uses {@code db} from
     * now on. Commands other tasks have in flight are unaffected (they were sent before).
     */
    public void select(int db) throws IOException {
        call("SELECT", db);
        link.database = db;
    }

    // ---- hashes ----

    /** {@code HSET key field value}: {@code true} if the field is new. */
    public boolean hset(String key, String field, String value) throws IOException {
        return Replies.integer(call("HSET", key, field, value)) == 1;
    }

    /** {@code HSET key f1 v1 f2 v2 ...}: how many fields are new. */
    public long hset(String key, Map<String, String> fields) throws IOException {
        List<Object> a = new ArrayList<>(List.of("HSET", key));
        fields.forEach((f, v) -> {
            a.add(f);
            a.add(v);
        });
        return Replies.integer(call(a.toArray()));
    }

    /** {@code HGET key field}, or {@code null}. */
    public String hget(String key, String field) throws IOException {
        return Replies.text(call("HGET", key, field));
    }

    /** {@code HGETALL key}: the fields in Redis's order (empty if the key does not exist). */
    public Map<String, String> hgetall(String key) throws IOException {
        return Replies.stringMap(call("HGETALL", key));
    }

    /** {@code HDEL key field...}: how many were removed. */
    public long hdel(String key, String... fields) throws IOException {
        List<Object> a = new ArrayList<>(List.of("HDEL", key));
        a.addAll(Arrays.asList(fields));
        return Replies.integer(call(a.toArray()));
    }

    /** {@code HINCRBY key field n}. */
    public long hincrBy(String key, String field, long n) throws IOException {
        return Replies.integer(call("HINCRBY", key, field, n));
    }

    // ---- lists ----

    /** {@code LPUSH key value...}: the new length. */
    public long lpush(String key, String... values) throws IOException {
        return Replies.integer(call(Commands.concat("LPUSH", key, values)));
    }

    /** {@code RPUSH key value...}: the new length. */
    public long rpush(String key, String... values) throws IOException {
        return Replies.integer(call(Commands.concat("RPUSH", key, values)));
    }

    /** {@code LPOP key}, or {@code null} if empty. */
    public String lpop(String key) throws IOException {
        return Replies.text(call("LPOP", key));
    }

    /** {@code RPOP key}, or {@code null} if empty. */
    public String rpop(String key) throws IOException {
        return Replies.text(call("RPOP", key));
    }

    /** {@code LLEN key}. */
    public long llen(String key) throws IOException {
        return Replies.integer(call("LLEN", key));
    }

    /** {@code LRANGE key start stop}. */
    public List<String> lrange(String key, long start, long stop) throws IOException {
        return Replies.elements(call("LRANGE", key, start, stop)).stream()
                .map(Replies::text)
                .toList();
    }

    /**
     * {@code BRPOP key... timeout}: waits up to {@code timeout} ({@link Duration#ZERO}: forever) for
     * an element; returns {key, value}, or {@code null} on timeout. Holds the connection meanwhile.
     */
    public List<String> brpop(Duration timeout, String... keys) throws IOException {
        List<Object> a = new ArrayList<>();
        a.add("BRPOP");
        a.addAll(Arrays.asList(keys));
        a.add(Commands.seconds(timeout));
        RespValue r = callBlocking(timeout, a.toArray());
        return r instanceof RespValue.Null
                ? null
                : Replies.elements(r).stream().map(Replies::text).toList();
    }

    // ---- pub/sub, scripts ----

    /** {@code PUBLISH channel message}: how many subscribers got it. */
    public long publish(String channel, String message) throws IOException {
        return Replies.integer(call("PUBLISH", channel, message));
    }

    /** A subscriber on a new connection of its own; close it when done. */
    public PubSub pubsub() throws IOException {
        requireOpen();
        return PubSub.open(options.withDatabase(link.database));
    }

    /**
     * {@code EVAL script numkeys key... arg...}: runs a Lua script atomically on the server; the
     * reply as {@link #command} gives it.
     */
    public Object eval(String script, List<String> keys, List<?> args) throws IOException {
        List<Object> a = new ArrayList<>();
        a.add("EVAL");
        a.add(script);
        a.add(keys.size());
        a.addAll(keys);
        a.addAll(args);
        Object r = Replies.toJava(call(a.toArray()));
        if (r instanceof RedisError e) {
            throw e;
        }
        return r;
    }

    // ---- batches ----

    /** A batch of commands sent in one write; {@link Pipeline#execute()} sends it. */
    public Pipeline pipeline() {
        requireOpen();
        return new Pipeline(this, false);
    }

    /** A MULTI/EXEC transaction: the queued commands run atomically on {@link Pipeline#execute()}. */
    public Pipeline multi() {
        requireOpen();
        return new Pipeline(this, true);
    }

    // ---- streams ----

    /** {@code XADD key * f v ...}: the new entry's ID. */
    public String xadd(String key, Map<String, String> fields) throws IOException {
        return xadd(key, "*", fields);
    }

    /** {@code XADD key id f v ...}. */
    public String xadd(String key, String id, Map<String, String> fields) throws IOException {
        return Replies.text(call(Commands.xadd(key, id, fields).toArray()));
    }

    /** {@code XLEN key}. */
    public long xlen(String key) throws IOException {
        return Replies.integer(call("XLEN", key));
    }

    /** {@code XRANGE key start end}: {@code "-"} and {@code "+"} for the whole stream. */
    public List<StreamEntry> xrange(String key, String start, String end) throws IOException {
        return Commands.entries(call("XRANGE", key, start, end));
    }

    /** {@code XRANGE key start end COUNT n}. */
    public List<StreamEntry> xrange(String key, String start, String end, int count) throws IOException {
        return Commands.entries(call("XRANGE", key, start, end, "COUNT", count));
    }

    /** {@code XDEL key id...}: how many were deleted. */
    public long xdel(String key, String... ids) throws IOException {
        return Replies.integer(call(Commands.concat("XDEL", key, ids)));
    }

    /**
     * {@code XGROUP CREATE key group id [MKSTREAM]}: {@code true} if created, {@code false} if the
     * group already existed ({@code BUSYGROUP}).
     */
    public boolean xgroupCreate(String key, String group, String id, boolean mkstream) throws IOException {
        try {
            if (mkstream) {
                call("XGROUP", "CREATE", key, group, id, "MKSTREAM");
            } else {
                call("XGROUP", "CREATE", key, group, id);
            }
            return true;
        } catch (RedisError e) {
            if (e.code().equals("BUSYGROUP")) {
                return false;
            }
            throw e;
        }
    }

    /**
     * {@code XREADGROUP GROUP group consumer COUNT n [BLOCK ms] STREAMS key id}: {@code id} is
     * {@code ">"} for new entries, or an ID to re-read this consumer's pending ones. {@code block}
     * {@code null}: don't block; {@link Duration#ZERO}: block forever. Returns an empty list on timeout.
     */
    public List<StreamEntry> xreadgroup(String group, String consumer, int count, Duration block, String key, String id)
            throws IOException {
        List<Object> a = new ArrayList<>(List.of("XREADGROUP", "GROUP", group, consumer, "COUNT", count));
        if (block != null) {
            a.add("BLOCK");
            a.add(block.toMillis());
        }
        a.addAll(List.of("STREAMS", key, id));
        RespValue r = block == null ? call(a.toArray()) : callBlocking(block, a.toArray());
        if (r instanceof RespValue.Null) {
            return List.of();
        }
        List<StreamEntry> out = new ArrayList<>();
        // RESP3: a map {key: entries}; RESP2: [[key, entries]].
        if (r instanceof RespValue.Map m) {
            m.entries().values().forEach(v -> out.addAll(Commands.entries(v)));
        } else {
            for (RespValue stream : Replies.elements(r)) {
                out.addAll(Commands.entries(Replies.elements(stream).get(1)));
            }
        }
        return out;
    }

    /** {@code XACK key group id...}: how many were acknowledged (not already). */
    public long xack(String key, String group, String... ids) throws IOException {
        List<Object> a = new ArrayList<>(List.of("XACK", key, group));
        a.addAll(Arrays.asList(ids));
        return Replies.integer(call(a.toArray()));
    }

    /**
     * {@code XAUTOCLAIM key group consumer min-idle start COUNT n}: takes over entries pending for
     * longer than {@code minIdle} (their consumer died or is stuck); their delivery count goes up.
     */
    public AutoClaimed xautoclaim(String key, String group, String consumer, Duration minIdle, String start, int count)
            throws IOException {
        List<RespValue> r =
                Replies.elements(call("XAUTOCLAIM", key, group, consumer, minIdle.toMillis(), start, "COUNT", count));
        List<String> deleted = r.size() > 2
                ? Replies.elements(r.get(2)).stream().map(Replies::text).toList()
                : List.of();
        return new AutoClaimed(Replies.text(r.get(0)), Commands.entries(r.get(1)), deleted);
    }

    /** {@code XPENDING key group}: how many entries the group has pending. */
    public long xpendingCount(String key, String group) throws IOException {
        return Replies.integer(Replies.elements(call("XPENDING", key, group)).get(0));
    }

    /** {@code XPENDING key group start end count}: the pending entries with owner, idle time and deliveries. */
    public List<PendingEntry> xpending(String key, String group, String start, String end, int count)
            throws IOException {
        List<PendingEntry> out = new ArrayList<>();
        for (RespValue e : Replies.elements(call("XPENDING", key, group, start, end, count))) {
            List<RespValue> f = Replies.elements(e);
            out.add(new PendingEntry(
                    Replies.text(f.get(0)),
                    Replies.text(f.get(1)),
                    Duration.ofMillis(Replies.integer(f.get(2))),
                    Replies.integer(f.get(3))));
        }
        return out;
    }

    /** Groups of {@code XINFO GROUPS key}, as maps of their fields. */
    public List<Map<String, Object>> xinfoGroups(String key) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RespValue g : Replies.elements(call("XINFO", "GROUPS", key))) {
            Map<String, Object> m = new LinkedHashMap<>();
            Replies.map(g).forEach((k, v) -> m.put(Replies.text(k), Replies.toJava(v)));
            out.add(m);
        }
        return out;
    }
}
