package org.jasyncio.redis;

/**
 * The Lua scripts that make a {@link StreamQueue}'s state changes atomic on the server. Each first
 * checks that the calling worker still owns the entry (it is in the group's pending list under that
 * consumer): a worker whose job was reclaimed by another (it was too slow, or its process was
 * thought dead) cannot ack, retry or dead-letter it any more, so a job is finished exactly once and
 * never run again after its ack.
 *
 * <p>KEYS: 1 stream, 2 unfinished counter, 3 result hash, 4 dead-letter stream, 5 finished counter.
 * ARGV: 1 group, 2 entry ID, 3 consumer, then per script.
 */
final class Scripts {
    private Scripts() {}

    private static final String OWNED = """
            local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
            if #p == 0 or p[1][2] ~= ARGV[3] then return 0 end
            """;

    /** Finish: ARGV 4 status (ok|failed), 5 value, 6 result TTL ms, 7 channel, 8 payload, 9 attempts. */
    static final String FINISH = OWNED + """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            if ARGV[4] == 'failed' then
              redis.call('XADD', KEYS[4], '*', 'job', ARGV[2], 'payload', ARGV[8], 'error', ARGV[5], 'attempts', ARGV[9])
            end
            redis.call('HSET', KEYS[3], 'status', ARGV[4], 'value', ARGV[5])
            redis.call('PEXPIRE', KEYS[3], ARGV[6])
            redis.call('DECR', KEYS[2])
            redis.call('INCR', KEYS[5])
            redis.call('PUBLISH', ARGV[7], ARGV[2])
            return 1
            """;

    /**
     * Keep or give back: ARGV 4 the idle time to set, in ms. 0 refreshes the entry (a heartbeat: it is
     * not reclaimed while its worker lives); visibility minus backoff lets another worker reclaim it
     * after the backoff (a retry).
     */
    static final String SET_IDLE = OWNED + """
            redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[2], 'IDLE', ARGV[4], 'JUSTID')
            return 1
            """;
}
