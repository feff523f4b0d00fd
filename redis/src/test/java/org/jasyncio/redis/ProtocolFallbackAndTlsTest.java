package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;
import org.jasyncio.net.TlsOptions;
import org.jasyncio.testfixtures.Certificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake's two paths on real servers: a server that refuses HELLO (renamed away) gets RESP2
 * and the same Java values; a TLS-only server is reached with {@code rediss://}-style options,
 * its self-signed certificate trusted explicitly (openssl makes it: Certificates, core's test fixtures).
 */
class ProtocolFallbackAndTlsTest {
    @Test
    void fallsBackToResp2WhenTheServerRefusesHello() throws Exception {
        try (RedisServer server = RedisServer.launch("--rename-command", "HELLO", "")) {
            Asyncio.run((VoidCoroutine) () -> {
                try (Redis redis = Redis.connect(server.url() + "/1")) {
                    assertThat(redis.protocol()).isEqualTo(2);
                    redis.hset("h", Map.of("a", "1"));
                    assertThat(redis.hgetall("h")).containsExactly(Map.entry("a", "1")); // a flat array in RESP2
                    assertThat(redis.command("CLIENT", "INFO").toString()).contains("db=1", "resp=2");
                    redis.command("ZADD", "z", "1.5", "m");
                    assertThat(redis.command("ZSCORE", "z", "m")).isEqualTo("1.5"); // RESP2 sends doubles as strings
                    String id = redis.xadd("s", Map.of("f", "v"));
                    redis.xgroupCreate("s", "g", "0", false);
                    assertThat(redis.xreadgroup("g", "c", 10, null, "s", ">"))
                            .containsExactly(new StreamEntry(id, Map.of("f", "v")));
                    try (PubSub sub = redis.pubsub()) {
                        sub.subscribe("ch");
                        redis.publish("ch", "resp2 message");
                        assertThat(sub.getMessage(Duration.ofSeconds(5)))
                                .isEqualTo(new PubSubMessage("ch", null, "resp2 message"));
                    }
                }
            });
        }
    }

    @Test
    void connectsOverTls(@TempDir Path dir) throws Exception {
        Certificates.localhost(dir, "cert");
        int tlsPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            tlsPort = s.getLocalPort();
        }
        try (RedisServer server = RedisServer.launch(
                "--tls-port",
                Integer.toString(tlsPort),
                "--tls-cert-file",
                dir.resolve("cert.pem").toString(),
                "--tls-key-file",
                dir.resolve("cert.key").toString(),
                "--tls-ca-cert-file",
                dir.resolve("cert.pem").toString(),
                "--tls-auth-clients",
                "no")) {
            SSLContext ctx = Certificates.trusting(dir.resolve("cert.pem"));
            Asyncio.run((VoidCoroutine) () -> {
                RedisOptions o =
                        RedisOptions.parse("rediss://127.0.0.1:" + tlsPort).withTls(TlsOptions.client(ctx));
                try (Redis redis = Redis.connect(o)) {
                    redis.set("secure", "yes");
                    assertThat(redis.get("secure")).isEqualTo("yes");
                    assertThat(redis.protocol()).isEqualTo(3);
                    List<Object> r = redis.pipeline().incr("n").incr("n").execute();
                    assertThat(r).containsExactly(1L, 2L);
                }
            });
        }
    }
}
