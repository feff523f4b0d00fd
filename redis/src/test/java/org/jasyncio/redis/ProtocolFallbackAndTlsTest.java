package org.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jasyncio.Asyncio;
import org.jasyncio.VoidCoroutine;
import org.jasyncio.net.TlsOptions;
import org.junit.jupiter.api.Test;

/**
 * The handshake's two paths on real servers: a server that refuses HELLO (renamed away) gets RESP2
 * and the same Java values; a TLS-only server is reached with {@code rediss://}-style options,
 * its self-signed certificate trusted explicitly (openssl makes it).
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
    void connectsOverTls() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-redis-tls-");
        Process openssl = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        dir.resolve("key.pem").toString(),
                        "-out",
                        dir.resolve("cert.pem").toString(),
                        "-days",
                        "1",
                        "-subj",
                        "/CN=localhost",
                        "-addext",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(openssl.exitValue())
                .as("openssl exit code (openssl must be installed)")
                .isZero();
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
                dir.resolve("key.pem").toString(),
                "--tls-ca-cert-file",
                dir.resolve("cert.pem").toString(),
                "--tls-auth-clients",
                "no")) {
            SSLContext ctx = trusting(dir.resolve("cert.pem"));
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
        } finally {
            for (String f : List.of("key.pem", "cert.pem")) {
                Files.deleteIfExists(dir.resolve(f));
            }
            Files.deleteIfExists(dir);
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        Certificate cert;
        try (InputStream in = Files.newInputStream(pem)) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("redis", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
