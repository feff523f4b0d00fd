package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;
import org.jasyncio.net.Server;
import org.jasyncio.net.StreamReader;
import org.jasyncio.net.StreamWriter;
import org.jasyncio.net.Streams;
import org.junit.jupiter.api.Test;

/**
 * The connection's failure paths, against small fake servers on the loop (a real Redis never
 * misbehaves this way): garbage instead of RESP, a connection closed with commands in flight,
 * pushes and attributes interleaved with replies.
 */
class MisbehavingServerTest {
    interface Script {
        void serve(StreamReader r, StreamWriter w) throws Exception;
    }

    /** Answers HELLO like Redis 7, then follows {@code script}. */
    static void withServer(Script script, VoidCoroutine body) throws Exception {
        Asyncio.run((VoidCoroutine) () -> {
            Server server = Streams.startServer(
                    (r, w) -> {
                        readCommand(r); // HELLO 3
                        w.write(bytes("%1\r\n+proto\r\n:3\r\n"));
                        script.serve(r, w);
                    },
                    "127.0.0.1",
                    0);
            try {
                Holder.port = server.sockets().get(0).getPort();
                body.run();
            } finally {
                server.close();
            }
        });
    }

    static final class Holder {
        static int port;
    }

    static List<String> readCommand(StreamReader r) throws Exception {
        String head = new String(r.readline(), StandardCharsets.UTF_8).strip();
        int n = Integer.parseInt(head.substring(1));
        String[] args = new String[n];
        for (int i = 0; i < n; i++) {
            int len = Integer.parseInt(
                    new String(r.readline(), StandardCharsets.UTF_8).strip().substring(1));
            args[i] = new String(r.readexactly(len + 2), StandardCharsets.UTF_8).substring(0, len);
        }
        return List.of(args);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void garbageInsteadOfRespFailsTheCommandAndClosesTheConnection() throws Exception {
        withServer(
                (r, w) -> {
                    readCommand(r);
                    w.write(bytes("HTTP/1.1 400 Bad Request\r\n"));
                    r.read(1); // until the client hangs up
                },
                () -> {
                    try (Redis redis = Redis.connect("redis://127.0.0.1:" + Holder.port)) {
                        assertThatThrownBy(redis::ping)
                                .isInstanceOf(RedisConnectionError.class)
                                .hasMessageContaining("broke the protocol")
                                .hasMessageContaining("unknown RESP type byte 'H'");
                    }
                });
    }

    @Test
    void aConnectionClosedWithCommandsInFlightFailsEachOfThem() throws Exception {
        withServer(
                (r, w) -> {
                    readCommand(r);
                    readCommand(r);
                    w.write(bytes("+OK\r\n")); // the first reply only, then hang up
                    w.close();
                },
                () -> {
                    try (Redis redis = Redis.connect(RedisOptions.parse("redis://127.0.0.1:" + Holder.port)
                            .withReconnect(0, java.time.Duration.ofMillis(1)))) {
                        var first = Asyncio.createTask(() -> redis.command("SET", "a", "1"));
                        var second = Asyncio.createTask(() -> redis.command("GET", "a"));
                        assertThat(first.await()).isEqualTo("OK");
                        assertThatThrownBy(second::await)
                                .isInstanceOf(RedisConnectionError.class)
                                .hasMessageContaining("lost");
                    }
                });
    }

    @Test
    void pushesAndAttributesBetweenRepliesDoNotShiftThem() throws Exception {
        withServer(
                (r, w) -> {
                    readCommand(r);
                    readCommand(r);
                    w.write(bytes(
                            ">2\r\n+invalidate\r\n*1\r\n$1\r\nk\r\n" // client-side caching push: not a reply
                                    + "|1\r\n+ttl\r\n:3600\r\n$5\r\nfirst\r\n" // a reply with an attribute
                                    + "$6\r\nsecond\r\n"));
                    r.read(1);
                },
                () -> {
                    try (Redis redis = Redis.connect("redis://127.0.0.1:" + Holder.port)) {
                        List<Object> r = redis.pipeline().get("a").get("b").execute();
                        assertThat(r).containsExactly("first", "second");
                    }
                });
    }
}
