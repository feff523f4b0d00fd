package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.TimeoutError;
import org.jasyncio.VoidCoroutine;
import org.jasyncio.sync.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client's commands against a real redis-server 7. */
class RedisClientTest {
    static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.launch();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /** Runs {@code body} on a fresh loop with a client on a flushed server. */
    interface Body {
        void run(Redis redis) throws Exception;
    }

    static void withRedis(Body body) throws Exception {
        Asyncio.run((VoidCoroutine) () -> {
            try (Redis redis = Redis.connect(server.url())) {
                redis.command("FLUSHALL");
                body.run(redis);
            }
        });
    }

    @Test
    void speaksResp3AndGetsAndSetsStrings() throws Exception {
        withRedis(redis -> {
            assertThat(redis.protocol()).isEqualTo(3);
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.get("missing")).isNull();
            redis.set("k", "välue");
            assertThat(redis.get("k")).isEqualTo("välue");
            redis.set("bin", new byte[] {0, '\r', '\n', (byte) 0xff});
            assertThat(redis.getBytes("bin")).containsExactly(0, '\r', '\n', 0xff);
            assertThat(redis.command("STRLEN", "bin")).isEqualTo(4L);
        });
    }

    @Test
    void setHonoursExPxNxAndXx() throws Exception {
        withRedis(redis -> {
            assertThat(redis.set("a", "1", SetArgs.none().xx())).isFalse();
            assertThat(redis.exists("a")).isZero();
            assertThat(redis.set("a", "1", SetArgs.ex(Duration.ofSeconds(100)).nx()))
                    .isTrue();
            assertThat(redis.set("a", "2", SetArgs.none().nx())).isFalse();
            assertThat(redis.get("a")).isEqualTo("1");
            // Expiries far longer than any pause of a loaded machine between SET and TTL (a 1.5 s one
            // was seen at 0.7 s left): what is checked is which unit each option sets.
            assertThat(redis.ttl("a")).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(100));
            assertThat(redis.set("a", "3", SetArgs.px(150_500).xx())).isTrue();
            assertThat(redis.ttl("a")).isBetween(Duration.ofSeconds(140), Duration.ofMillis(150_500));
            assertThat(redis.get("a")).isEqualTo("3");
            assertThatThrownBy(() -> SetArgs.ex(Duration.ZERO)).hasMessageContaining("must be positive");
        });
    }

    @Test
    void countersExpiryAndKeys() throws Exception {
        withRedis(redis -> {
            assertThat(redis.incr("n")).isEqualTo(1);
            assertThat(redis.incrBy("n", 10)).isEqualTo(11);
            assertThat(redis.decr("n")).isEqualTo(10);
            assertThat(redis.decrBy("n", 4)).isEqualTo(6);
            assertThat(redis.ttl("n")).isNull();
            assertThat(redis.expire("n", Duration.ofSeconds(60))).isTrue();
            assertThat(redis.expire("nothing", Duration.ofSeconds(60))).isFalse();
            assertThat(redis.ttl("n")).isPositive();
            redis.set("m", "x");
            assertThat(redis.exists("n", "m", "zzz")).isEqualTo(2);
            assertThat(redis.del("n", "zzz")).isEqualTo(1);
            assertThat(redis.exists("n")).isZero();
        });
    }

    @Test
    void scanFindsEveryMatchingKeyWithoutKeys() throws Exception {
        withRedis(redis -> {
            Pipeline p = redis.pipeline();
            for (int i = 0; i < 1200; i++) {
                p.set("user:" + i, "v");
            }
            p.set("other", "v");
            p.execute();
            List<String> keys = redis.scan("user:*");
            assertThat(keys).hasSize(1200).doesNotHaveDuplicates().allMatch(k -> k.startsWith("user:"));
        });
    }

    @Test
    void hashesAndLists() throws Exception {
        withRedis(redis -> {
            assertThat(redis.hset("h", "a", "1")).isTrue();
            assertThat(redis.hset("h", Map.of("b", "2", "c", "3"))).isEqualTo(2);
            assertThat(redis.hget("h", "b")).isEqualTo("2");
            assertThat(redis.hget("h", "zz")).isNull();
            assertThat(redis.hincrBy("h", "a", 5)).isEqualTo(6);
            assertThat(redis.hgetall("h")).containsOnly(Map.entry("a", "6"), Map.entry("b", "2"), Map.entry("c", "3"));
            assertThat(redis.hdel("h", "a", "zz")).isEqualTo(1);
            assertThat(redis.hgetall("nope")).isEmpty();

            assertThat(redis.rpush("l", "b", "c")).isEqualTo(2);
            assertThat(redis.lpush("l", "a")).isEqualTo(3);
            assertThat(redis.lrange("l", 0, -1)).containsExactly("a", "b", "c");
            assertThat(redis.lpop("l")).isEqualTo("a");
            assertThat(redis.rpop("l")).isEqualTo("c");
            assertThat(redis.llen("l")).isEqualTo(1);
            assertThat(redis.lpop("empty")).isNull();
        });
    }

    @Test
    void brpopWaitsForAPushFromAnotherClientAndTimesOutWithNull() throws Exception {
        withRedis(redis -> {
            try (Redis blocking = redis.duplicate()) {
                Task<List<String>> waiter =
                        Asyncio.createTask(() -> blocking.brpop(Duration.ofSeconds(10), "q1", "q2"));
                // The waiter is blocked on the server once CLIENT LIST shows a blocked client: a bounded
                // poll on the server's own account, since nothing on this side says when BRPOP reached it.
                for (int i = 0; i < 500 && !((String) redis.command("CLIENT", "LIST")).contains("cmd=brpop"); i++) {
                    Asyncio.sleep(0.01);
                }
                redis.rpush("q2", "job");
                assertThat(waiter.await()).containsExactly("q2", "job");
                assertThat(blocking.brpop(Duration.ofMillis(100), "q1")).isNull();
            }
        });
    }

    @Test
    void serverErrorsAreTypedAndCarryRedisMessage() throws Exception {
        withRedis(redis -> {
            redis.hset("h", "f", "v");
            assertThatThrownBy(() -> redis.incr("h")).isInstanceOfSatisfying(RedisError.class, e -> {
                assertThat(e.code()).isEqualTo("WRONGTYPE");
                assertThat(e.getMessage())
                        .isEqualTo("WRONGTYPE Operation against a key holding the wrong kind of value");
            });
            assertThatThrownBy(() -> redis.command("NOSUCHCOMMAND"))
                    .isInstanceOf(RedisError.class)
                    .hasMessageStartingWith("ERR unknown command");
            assertThat(redis.ping()).isEqualTo("PONG"); // the connection is fine after an error
        });
    }

    @Test
    void genericCommandGivesPlainJavaValues() throws Exception {
        withRedis(redis -> {
            redis.command("ZADD", "z", "1.5", "a", "2", "b");
            assertThat(redis.command("ZSCORE", "z", "a")).isEqualTo(1.5); // a RESP3 double
            assertThat(redis.command("ZRANGE", "z", "0", "-1")).isEqualTo(List.of("a", "b"));
            redis.command("SADD", "s", "x");
            assertThat(redis.command("SMEMBERS", "s")).isEqualTo(List.of("x")); // a RESP3 set
            assertThat(redis.command("HELLO", "3"))
                    .isInstanceOfSatisfying(
                            Map.class, m -> assertThat(m.get("proto")).isEqualTo(3L));
            assertThatThrownBy(() -> redis.call("GET", new Object()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be a String, byte[] or number");
        });
    }

    @Test
    void concurrentTasksShareOneConnectionAndEachGetsItsOwnReply() throws Exception {
        withRedis(redis -> {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String k = "k" + i;
                String v = "v" + i;
                tasks.add(Asyncio.createTask(() -> {
                    redis.set(k, v);
                    return redis.get(k);
                }));
            }
            List<String> values = Asyncio.gather(tasks);
            for (int i = 0; i < 200; i++) {
                assertThat(values.get(i)).isEqualTo("v" + i);
            }
            assertThat(redis.reconnects()).isZero();
        });
    }

    @Test
    void pipelineSendsManyCommandsAndReturnsEveryReplyInOrder() throws Exception {
        withRedis(redis -> {
            Pipeline p = redis.pipeline();
            for (int i = 0; i < 1000; i++) {
                p.incr("counter");
            }
            p.hset("h", "f", "v").command("HINCRBY", "h", "f", "1").get("counter");
            List<Object> r = p.execute();
            assertThat(r).hasSize(1003);
            for (int i = 0; i < 1000; i++) {
                assertThat(r.get(i)).isEqualTo(i + 1L);
            }
            assertThat(r.get(1001))
                    .isInstanceOfSatisfying(
                            RedisError.class, e -> assertThat(e.getMessage()).contains("not an integer"));
            assertThat(r.get(1002)).isEqualTo("1000");
            assertThatThrownBy(p::execute)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was executed");
        });
    }

    @Test
    void multiExecRunsAtomicallyAndAbortsOnAQueueingError() throws Exception {
        withRedis(redis -> {
            redis.hset("h", "f", "v");
            List<Object> r = redis.multi().incr("n").incr("h").incr("n").execute();
            assertThat(r.get(0)).isEqualTo(1L);
            assertThat(r.get(1))
                    .isInstanceOfSatisfying(
                            RedisError.class, e -> assertThat(e.code()).isEqualTo("WRONGTYPE"));
            assertThat(r.get(2)).isEqualTo(2L);

            assertThatThrownBy(() ->
                            redis.multi().incr("n").command("SET", "onlykey").execute())
                    .isInstanceOfSatisfying(RedisError.class, e -> {
                        assertThat(e.code()).isEqualTo("EXECABORT");
                        assertThat(e.getCause()).hasMessageContaining("wrong number of arguments");
                    });
            assertThat(redis.get("n")).isEqualTo("2"); // the aborted INCR did not run
        });
    }

    @Test
    void aCommandTimesOutAndTheConnectionStaysInStep() throws Exception {
        Asyncio.run((VoidCoroutine) () -> {
            RedisOptions o = RedisOptions.parse(server.url()).withCommandTimeout(Duration.ofMillis(100));
            try (Redis redis = Redis.connect(o)) {
                redis.set("t", "ok");
                assertThatThrownBy(() -> redis.command("DEBUG", "SLEEP", "0.4")).isInstanceOf(TimeoutError.class);
                // The late "+OK" of DEBUG SLEEP is dropped; GET gets its own reply.
                try (var t = Asyncio.timeout(Duration.ofSeconds(5))) {
                    Redis slow = redis;
                    assertThat(Asyncio.waitFor(() -> slowGet(slow), Duration.ofSeconds(5)))
                            .isEqualTo("ok");
                }
            }
        });
    }

    private static String slowGet(Redis redis) throws Exception {
        // Within the 100 ms command timeout, retried while DEBUG SLEEP still holds the server.
        for (int i = 0; i < 50; i++) {
            try {
                return redis.get("t");
            } catch (TimeoutError e) {
                // the server is still sleeping
            }
        }
        throw new AssertionError("GET never answered");
    }

    @Test
    void anEnclosingAsyncioTimeoutLimitsAnyCommand() throws Exception {
        withRedis(redis -> {
            assertThatThrownBy(() -> {
                        try (var t = Asyncio.timeout(Duration.ofMillis(100))) {
                            redis.command("DEBUG", "SLEEP", "0.3");
                        }
                    })
                    .isInstanceOf(TimeoutError.class);
            assertThat(redis.ping()).isEqualTo("PONG");
        });
    }

    @Test
    void aKilledConnectionIsReopenedForTheNextCommand() throws Exception {
        withRedis(redis -> {
            redis.set("k", "v");
            try (Redis other = redis.duplicate()) {
                other.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            }
            String v = null;
            // The first command may be the one that finds the connection dead (it fails), or the loss
            // may already be known (it reconnects at once): either way the client recovers.
            for (int i = 0; i < 3 && v == null; i++) {
                try {
                    v = redis.get("k");
                } catch (RedisConnectionError e) {
                    assertThat(e.getMessage()).contains("127.0.0.1:" + server.port);
                }
            }
            assertThat(v).isEqualTo("v");
            assertThat(redis.reconnects()).isEqualTo(1);
        });
    }

    @Test
    void anUnreachableServerFailsFastOnConnectAndAfterBackoffLater() throws Exception {
        Asyncio.run((VoidCoroutine) () -> {
            int freePort;
            try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                freePort = s.getLocalPort();
            }
            assertThatThrownBy(() -> Redis.connect("redis://127.0.0.1:" + freePort))
                    .isInstanceOf(RedisConnectionError.class)
                    .hasMessageContaining("cannot connect");
        });
    }

    @Test
    void selectsTheUrlsDatabase() throws Exception {
        withRedis(redis -> {
            try (Redis db3 = Redis.connect(server.url() + "/3")) {
                db3.set("where", "three");
                assertThat(db3.command("CLIENT", "INFO").toString()).contains("db=3");
            }
            assertThat(redis.get("where")).isNull();
            redis.select(3);
            assertThat(redis.get("where")).isEqualTo("three");
            redis.command("FLUSHDB");
        });
    }

    @Test
    void authenticatesAsAnAclUserAndRefusesAWrongPassword() throws Exception {
        withRedis(redis -> {
            redis.command("ACL", "SETUSER", "alice", "on", ">s3cret", "~*", "&*", "+@all");
            try (Redis alice = Redis.connect("redis://alice:s3cret@127.0.0.1:" + server.port + "?name=worker-1")) {
                assertThat(alice.command("ACL", "WHOAMI")).isEqualTo("alice");
                assertThat(alice.command("CLIENT", "GETNAME")).isEqualTo("worker-1");
            }
            try (Redis alice2 = Redis.connect("redis://alice:s3cret@127.0.0.1:" + server.port + "?protocol=2")) {
                assertThat(alice2.protocol()).isEqualTo(2);
                assertThat(alice2.command("ACL", "WHOAMI")).isEqualTo("alice");
            }
            assertThatThrownBy(() -> Redis.connect("redis://alice:wrong@127.0.0.1:" + server.port))
                    .isInstanceOfSatisfying(
                            RedisError.class, e -> assertThat(e.code()).isEqualTo("WRONGPASS"));
            redis.command("ACL", "DELUSER", "alice");
        });
    }

    @Test
    void pubsubIsAnAsyncIteratorThatEndsOnClose() throws Exception {
        withRedis(redis -> {
            PubSub sub = redis.pubsub();
            sub.subscribe("news", "sport");
            sub.psubscribe("log.*");
            assertThat(redis.publish("news", "one")).isEqualTo(1);
            redis.publish("log.error", "two");
            redis.publish("sport", "stop");
            List<PubSubMessage> got = new ArrayList<>();
            for (PubSubMessage m : sub) {
                got.add(m);
                if (m.data().equals("stop")) {
                    sub.close();
                }
            }
            assertThat(got)
                    .containsExactly(
                            new PubSubMessage("news", null, "one"),
                            new PubSubMessage("log.error", "log.*", "two"),
                            new PubSubMessage("sport", null, "stop"));
            assertThat(sub.iterator().hasNext()).isFalse();
            assertThat(sub.state()).isEqualTo(PubSub.State.CLOSED);
        });
    }

    @Test
    void pubsubGetMessageWaitsABoundedTimeAndUnsubscribeStopsDelivery() throws Exception {
        withRedis(redis -> {
            try (PubSub sub = redis.pubsub()) {
                sub.subscribe("c");
                assertThat(sub.getMessage(Duration.ofMillis(50))).isNull();
                redis.publish("c", "hi");
                assertThat(sub.getMessage(Duration.ofSeconds(5))).isEqualTo(new PubSubMessage("c", null, "hi"));
                sub.unsubscribe("c");
                assertThat(redis.publish("c", "gone")).isZero();
            }
        });
    }

    @Test
    void poolLendsAtMostItsLimitAndReusesConnections() throws Exception {
        withRedis(redis -> {
            try (RedisPool pool = RedisPool.create(server.url(), 2)) {
                int[] maxLent = {0};
                Event bothLent = new Event();
                List<Task<List<String>>> waiters = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    waiters.add(Asyncio.createTask(() -> {
                        try (RedisPool.Lease lease = pool.acquire()) {
                            maxLent[0] = Math.max(maxLent[0], pool.lent());
                            if (pool.lent() == 2) {
                                bothLent.set();
                            }
                            return lease.redis().brpop(Duration.ofSeconds(10), "pool-q");
                        }
                    }));
                }
                // Both connections lent (each blocked in BRPOP) before the first push: else the first
                // lease could take an item and come back before the second is lent (seen in CI).
                try (var t = Asyncio.timeout(10)) {
                    bothLent.await();
                }
                for (int i = 0; i < 4; i++) {
                    redis.rpush("pool-q", "item" + i); // each push frees one blocked lease
                }
                List<List<String>> got = Asyncio.gather(waiters);
                assertThat(got).extracting(l -> l.get(1)).containsExactlyInAnyOrder("item0", "item1", "item2", "item3");
                assertThat(maxLent[0]).isEqualTo(2);
                assertThat(pool.lent()).isZero();
                assertThat(pool.idle()).isEqualTo(2);
            }
        });
    }

    @Test
    void misuseIsRefusedWithTheObjectAndTheRule() throws Exception {
        assertThatThrownBy(() -> RedisOptions.parse("http://x")).hasMessageContaining("redis:// or rediss://");
        assertThatThrownBy(() -> RedisOptions.parse("redis://h/abc")).hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisOptions.parse("redis://h?bogus=1"))
                .hasMessageContaining("unknown Redis URL parameter");
        RedisOptions o = RedisOptions.parse("rediss://u:p%40ss@[::1]:7000/5?timeout=1.5&protocol=2");
        assertThat(o.host()).isEqualTo("::1");
        assertThat(o.port()).isEqualTo(7000);
        assertThat(o.user()).isEqualTo("u");
        assertThat(o.password()).isEqualTo("p@ss");
        assertThat(o.database()).isEqualTo(5);
        assertThat(o.tls()).isNotNull();
        assertThat(o.protocol()).isEqualTo(2);
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(o.toString()).isEqualTo("rediss://u@[::1]:7000/5").doesNotContain("p@ss");
        assertThat(RedisOptions.parse("redis://:pw@h").user()).isNull();
        withRedis(redis -> {
            Redis closed = redis.duplicate();
            closed.close();
            assertThatThrownBy(closed::ping)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
        });
    }
}
