package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;
import org.junit.jupiter.api.Test;

/**
 * A subscriber whose connection is lost re-opens it and subscribes again to every channel and
 * pattern, and its iteration goes on; messages published while it had no subscribed connection are
 * lost (Redis pub/sub is at-most-once). Against a real redis-server: {@code CLIENT KILL TYPE pubsub}
 * (RESP3 and RESP2 subscribers), a server restart, and a server gone for good.
 */
class PubSubReconnectTest {
    /**
     * Waits until the server lists {@code clients} pub/sub clients each subscribed to {@code sub}
     * channels and {@code psub} patterns: a bounded poll on {@code CLIENT LIST TYPE pubsub}, the
     * server's own account of the re-subscriptions made on the subscribers' new connections.
     */
    static void awaitSubscribedClients(Redis redis, int clients, int sub, int psub) throws Exception {
        String want = " sub=" + sub + " psub=" + psub + " ";
        try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            while (((String) redis.command("CLIENT", "LIST", "TYPE", "pubsub"))
                            .lines()
                            .filter(l -> l.contains(want))
                            .count()
                    != clients) {
                Asyncio.sleep(0.01);
            }
        }
    }

    static long numsub(Redis redis, String channel) throws Exception {
        List<?> r = (List<?>) redis.command("PUBSUB", "NUMSUB", channel);
        return (Long) r.get(1);
    }

    static List<PubSubMessage> take(PubSub sub, int n) throws Exception {
        List<PubSubMessage> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PubSubMessage m = sub.getMessage(Duration.ofSeconds(10));
            assertThat(m).as("message %d of %d on %s", i + 1, n, sub).isNotNull();
            got.add(m);
        }
        return got;
    }

    @Test
    void clientKillTypePubsubIsFollowedByAReconnectionThatSubscribesToEveryChannelAndPatternAgain() throws Exception {
        try (RedisServer server = RedisServer.launch()) {
            Asyncio.run((VoidCoroutine) () -> {
                try (Redis redis = Redis.connect(server.url());
                        var t = Asyncio.timeout(Duration.ofSeconds(60));
                        PubSub resp3 = redis.pubsub();
                        Redis r2 = Redis.connect(server.url() + "?protocol=2");
                        PubSub resp2 = r2.pubsub()) {
                    for (PubSub sub : List.of(resp3, resp2)) {
                        sub.subscribe("a", "b", "gone");
                        sub.psubscribe("log.*", "tmp.*");
                        sub.unsubscribe("gone");
                        sub.punsubscribe("tmp.*");
                    }
                    assertThat(redis.publish("a", "before")).isEqualTo(2);
                    assertThat(take(resp3, 1)).containsExactly(new PubSubMessage("a", null, "before"));
                    assertThat(take(resp2, 1)).containsExactly(new PubSubMessage("a", null, "before"));

                    assertThat(redis.command("CLIENT", "KILL", "TYPE", "pubsub"))
                            .isEqualTo(2L);
                    awaitSubscribedClients(redis, 2, 2, 1);
                    assertThat(numsub(redis, "a")).isEqualTo(2);
                    assertThat(numsub(redis, "b")).isEqualTo(2);
                    assertThat(numsub(redis, "gone")).isZero();
                    assertThat(redis.command("PUBSUB", "NUMPAT")).isEqualTo(1L); // unique patterns: log.*

                    redis.publish("a", "one");
                    redis.publish("log.error", "two");
                    redis.publish("tmp.x", "unsubscribed: not delivered");
                    redis.publish("b", "three");
                    for (PubSub sub : List.of(resp3, resp2)) {
                        assertThat(take(sub, 3))
                                .containsExactly(
                                        new PubSubMessage("a", null, "one"),
                                        new PubSubMessage("log.error", "log.*", "two"),
                                        new PubSubMessage("b", null, "three"));
                        assertThat(sub.reconnects()).isEqualTo(1);
                        assertThat(sub.state()).isEqualTo(PubSub.State.OPEN);
                        assertThat(sub.channels()).containsExactly("a", "b");
                        assertThat(sub.patterns()).containsExactly("log.*");
                        assertThat(sub.toString()).contains("OPEN", "channels=2", "patterns=1", "reconnects=1");
                    }
                    // The iteration goes on over the new connection, and subscribe works on it.
                    resp3.subscribe("c");
                    redis.publish("c", "stop");
                    for (PubSubMessage m : resp3) {
                        assertThat(m).isEqualTo(new PubSubMessage("c", null, "stop"));
                        break;
                    }
                }
            });
        }
    }

    @Test
    void aServerRestartLosesWhatWasPublishedMeanwhileAndTheIterationGoesOnAfterIt() throws Exception {
        try (RedisServer server = RedisServer.launch()) {
            Asyncio.run((VoidCoroutine) () -> {
                // A first retry 300 ms after the loss: the restarted server usually sees a publish
                // before the subscriber is back, which then is lost (and PUBLISH says so: 0 receivers).
                RedisOptions o = RedisOptions.parse(server.url()).withReconnect(8, Duration.ofMillis(300));
                try (var t = Asyncio.timeout(Duration.ofSeconds(60));
                        Redis redis = Redis.connect(o);
                        PubSub sub = redis.pubsub()) {
                    sub.subscribe("news");
                    sub.psubscribe("alerts.*");
                    redis.publish("news", "first");
                    assertThat(take(sub, 1)).containsExactly(new PubSubMessage("news", null, "first"));

                    Asyncio.toThread(() -> {
                        server.stop();
                        server.start();
                    });
                    // Published once the server is back: delivered if and only if PUBLISH counted the
                    // subscriber (it may or may not be back yet): Redis keeps nothing for later.
                    List<PubSubMessage> expected = new ArrayList<>();
                    long receivers = redis.publish("news", "meanwhile");
                    if (receivers == 1) {
                        expected.add(new PubSubMessage("news", null, "meanwhile"));
                    } else {
                        assertThat(receivers).isZero();
                    }
                    // Called while the subscriber may still be reconnecting: it waits for the
                    // reconnection, then subscribes on the new connection (or at once if it is back).
                    sub.subscribe("late");
                    assertThat(sub.state()).isEqualTo(PubSub.State.OPEN);
                    assertThat(redis.publish("late", "on time")).isEqualTo(1);
                    expected.add(new PubSubMessage("late", null, "on time"));
                    awaitSubscribedClients(redis, 1, 2, 1);
                    assertThat(redis.publish("news", "after")).isEqualTo(1);
                    assertThat(redis.publish("alerts.disk", "full")).isEqualTo(1);
                    expected.add(new PubSubMessage("news", null, "after"));
                    expected.add(new PubSubMessage("alerts.disk", "alerts.*", "full"));
                    List<PubSubMessage> got = new ArrayList<>();
                    for (PubSubMessage m : sub) {
                        got.add(m);
                        if (m.data().equals("full")) {
                            break;
                        }
                    }
                    assertThat(got).isEqualTo(expected);
                    assertThat(sub.reconnects()).isEqualTo(1);
                    assertThat(sub.getMessage(Duration.ofMillis(50))).isNull();
                }
            });
        }
    }

    @Test
    void aServerGoneForGoodEndsTheIterationWithTheErrorAfterTheQueuedMessages() throws Exception {
        try (RedisServer server = RedisServer.launch()) {
            Asyncio.run((VoidCoroutine) () -> {
                RedisOptions o = RedisOptions.parse(server.url()).withReconnect(2, Duration.ofMillis(20));
                try (var t = Asyncio.timeout(Duration.ofSeconds(60));
                        Redis redis = Redis.connect(o);
                        PubSub sub = redis.pubsub()) {
                    sub.subscribe("c");
                    assertThat(redis.publish("c", "queued")).isEqualTo(1);
                    Asyncio.toThread(server::stop);
                    List<String> got = new ArrayList<>();
                    assertThatThrownBy(() -> {
                                for (PubSubMessage m : sub) {
                                    got.add(m.data());
                                }
                            })
                            .isInstanceOf(UncheckedIOException.class)
                            .cause()
                            .isInstanceOf(RedisConnectionError.class)
                            .hasMessageContaining("unreachable after 3 attempts");
                    assertThat(got).containsExactly("queued");
                    assertThat(sub.state()).isEqualTo(PubSub.State.CLOSED);
                    assertThat(sub.iterator().hasNext()).isFalse();
                    assertThatThrownBy(() -> sub.subscribe("d"))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("is closed");
                }
            });
        }
    }
}
