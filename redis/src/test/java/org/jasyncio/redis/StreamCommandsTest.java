package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.VoidCoroutine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stream commands against a real redis-server 7. */
class StreamCommandsTest {
    static RedisServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.launch();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void addReadRangeDeleteAndLength() throws Exception {
        Asyncio.run((VoidCoroutine) () -> {
            try (Redis redis = Redis.connect(server.url())) {
                redis.command("FLUSHALL");
                String a = redis.xadd("s", Map.of("n", "1"));
                String b = redis.xadd("s", "*", Map.of("n", "2"));
                assertThat(b).isGreaterThan(a);
                assertThat(redis.xlen("s")).isEqualTo(2);
                assertThat(redis.xrange("s", "-", "+"))
                        .containsExactly(new StreamEntry(a, Map.of("n", "1")), new StreamEntry(b, Map.of("n", "2")));
                assertThat(redis.xrange("s", "-", "+", 1))
                        .extracting(StreamEntry::id)
                        .containsExactly(a);
                assertThat(redis.xdel("s", a, "0-1")).isEqualTo(1);
                assertThat(redis.xlen("s")).isEqualTo(1);
                assertThatThrownBy(() -> redis.xadd("s", Map.of())).hasMessageContaining("at least one field");
            }
        });
    }

    @Test
    void consumerGroupsReadAckPendAndAutoclaim() throws Exception {
        Asyncio.run((VoidCoroutine) () -> {
            try (Redis redis = Redis.connect(server.url());
                    Redis blocking = redis.duplicate()) {
                redis.command("FLUSHALL");
                assertThat(redis.xgroupCreate("jobs", "g", "0", true)).isTrue();
                assertThat(redis.xgroupCreate("jobs", "g", "0", true)).isFalse(); // BUSYGROUP
                assertThatThrownBy(() -> redis.xgroupCreate("nostream", "g", "0", false))
                        .isInstanceOf(RedisError.class);

                assertThat(blocking.xreadgroup("g", "c1", 10, Duration.ofMillis(50), "jobs", ">"))
                        .isEmpty();
                Task<List<StreamEntry>> waiting = Asyncio.createTask(
                        () -> blocking.xreadgroup("g", "c1", 10, Duration.ofSeconds(10), "jobs", ">"));
                Asyncio.sleep(0); // one yield, not a wait: the read goes out first (">" gets the entry either way)
                String id1 = redis.xadd("jobs", Map.of("job", "1"));
                assertThat(waiting.await()).containsExactly(new StreamEntry(id1, Map.of("job", "1")));
                String id2 = redis.xadd("jobs", Map.of("job", "2"));
                assertThat(redis.xreadgroup("g", "c2", 10, null, "jobs", ">"))
                        .extracting(StreamEntry::id)
                        .containsExactly(id2);

                assertThat(redis.xpendingCount("jobs", "g")).isEqualTo(2);
                List<PendingEntry> pending = redis.xpending("jobs", "g", "-", "+", 10);
                assertThat(pending)
                        .extracting(PendingEntry::id, PendingEntry::consumer, PendingEntry::deliveries)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(id1, "c1", 1L),
                                org.assertj.core.groups.Tuple.tuple(id2, "c2", 1L));
                // c1 re-reads its own pending entries with an ID instead of ">".
                assertThat(redis.xreadgroup("g", "c1", 10, null, "jobs", "0"))
                        .extracting(StreamEntry::id)
                        .containsExactly(id1);

                assertThat(redis.xack("jobs", "g", id2)).isEqualTo(1);
                assertThat(redis.xack("jobs", "g", id2)).isZero();

                AutoClaimed none = redis.xautoclaim("jobs", "g", "c3", Duration.ofHours(1), "0-0", 10);
                assertThat(none.entries()).isEmpty();
                AutoClaimed claimed = redis.xautoclaim("jobs", "g", "c3", Duration.ZERO, "0-0", 10);
                assertThat(claimed.entries()).extracting(StreamEntry::id).containsExactly(id1);
                assertThat(claimed.next()).isEqualTo("0-0");
                assertThat(redis.xpending("jobs", "g", id1, id1, 1).get(0))
                        .extracting(PendingEntry::consumer, PendingEntry::deliveries)
                        .containsExactly("c3", 3L);

                redis.xdel("jobs", id1); // gone from the stream while pending
                AutoClaimed deleted = redis.xautoclaim("jobs", "g", "c4", Duration.ZERO, "0-0", 10);
                assertThat(deleted.deleted()).containsExactly(id1);
                assertThat(redis.xinfoGroups("jobs"))
                        .singleElement()
                        .satisfies(g -> assertThat(g).containsEntry("name", "g").containsEntry("pending", 0L));
            }
        });
    }
}
