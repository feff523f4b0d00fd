package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;
import org.junit.jupiter.api.Test;

/** Reconnection with backoff across a real server's stop and restart. */
class ReconnectTest {
    @Test
    void commandsFailWhileRedisIsDownAfterTheBackoffAndWorkAgainOnceItIsBack() throws Exception {
        try (RedisServer server = RedisServer.launch()) {
            Asyncio.run((VoidCoroutine) () -> {
                RedisOptions o = RedisOptions.parse(server.url()).withReconnect(3, Duration.ofMillis(20));
                try (Redis redis = Redis.connect(o)) {
                    redis.set("k", "v");
                    Asyncio.toThread(server::stop);
                    // The loss is seen by the first command (or already known): then the reconnection
                    // attempts (20, 40, 80 ms apart) fail, and the command says so.
                    Throwable last = null;
                    for (int i = 0; i < 3; i++) {
                        try {
                            redis.ping();
                        } catch (RedisConnectionError e) {
                            last = e;
                        }
                    }
                    assertThat(last)
                            .isInstanceOf(RedisConnectionError.class)
                            .hasMessageContaining("unreachable after 4 attempts");
                    Asyncio.toThread(server::start);
                    assertThat(redis.ping()).isEqualTo("PONG");
                    assertThat(redis.get("k")).isNull(); // no persistence in this server: a fresh data set
                    assertThat(redis.reconnects()).isEqualTo(1);
                }
                assertThatThrownBy(() -> RedisOptions.of("h", 1).withReconnect(-1, Duration.ZERO))
                        .hasMessageContaining("reconnectAttempts must be >= 0");
            });
        }
    }
}
