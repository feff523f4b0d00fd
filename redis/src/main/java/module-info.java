/**
 * jasyncio's Redis client (RESP3 with a RESP2 fallback, on the loop: every command is a plain method
 * that suspends) and {@link org.jasyncio.redis.StreamQueue}, the worker model over Redis Streams.
 * Start with {@link org.jasyncio.redis.Redis#connect(String)}.
 */
module org.jasyncio.redis {
    requires transitive org.jasyncio;

    exports org.jasyncio.redis;
    exports org.jasyncio.redis.resp;
}
