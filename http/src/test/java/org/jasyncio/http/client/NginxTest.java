package org.jasyncio.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against nginx (issue 11: keep-alive and chunked behaviour of a real, widely deployed
 * server): a static file with Content-Length, nginx's own chunked output (sub_filter changes the
 * length, so nginx streams it chunked; gzip likewise, with Content-Encoding), keep-alive reuse under
 * concurrency, {@code keepalive_requests} ending a connection with {@code Connection: close}, and idle
 * connections that nginx closes after a short {@code keepalive_timeout}, which the pool must drop
 * rather than reuse. Our client does not pipeline, so nginx's pipelining is not exercised here. Real
 * time: a virtual clock would jump past the waits on nginx.
 */
class NginxTest {
    @TempDir
    static Path dir;

    static NginxServer nginx;
    static byte[] big;
    static String text;

    @BeforeAll
    static void start() throws Exception {
        Path html = Files.createDirectories(dir.resolve("html"));
        big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 7);
        }
        Files.write(html.resolve("big.bin"), big);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("line ").append(i).append(": hello nginx\n");
        }
        text = sb.toString(); // ~430 KB: several chunks of sub_filter and gzip output
        Files.writeString(html.resolve("text.txt"), text);
        nginx = NginxServer.start(dir.resolve("nginx"), """
                root $prefix/../html;
                keepalive_timeout 60s;
                location /sub/ {
                    alias $prefix/../html/;
                    sub_filter 'hello' 'HELLO';
                    sub_filter_once off;
                    sub_filter_types text/plain;
                    gzip off;
                }
                location /gz/ {
                    alias $prefix/../html/;
                    gzip on;
                    gzip_min_length 0;
                    gzip_types text/plain;
                }
                location /few/ {
                    alias $prefix/../html/;
                    keepalive_requests 3;
                }
                location /short/ {
                    alias $prefix/../html/;
                    keepalive_timeout 300ms;
                }
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
    }

    /** A trace that counts what the pool did, to tell a retry or a new connection from a reuse. */
    static final class Counts implements ClientTrace {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger reused = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();

        @Override
        public void connectionCreated(String origin, long id) {
            created.incrementAndGet();
        }

        @Override
        public void connectionReused(String origin, long id) {
            reused.incrementAndGet();
        }

        @Override
        public void requestRetry(String method, URI url, int attempt, Throwable cause) {
            retries.incrementAndGet();
        }
    }

    @AsyncTest(virtualTime = false) // a real peer: real time
    void aStaticFileWithContentLengthIsReadWholeAndItsConnectionReused() throws Exception {
        try (var session = new ClientSession()) {
            for (int i = 0; i < 5; i++) {
                try (var resp = session.get(nginx.url("/big.bin"))) {
                    assertThat(resp.status()).isEqualTo(200);
                    assertThat(resp.headers().get("Content-Length")).isEqualTo(Integer.toString(big.length));
                    assertThat(resp.headers().get("Server")).startsWith("nginx");
                    assertThat(resp.bytes()).isEqualTo(big);
                }
            }
            assertThat(session.pool().created())
                    .as("nginx log: %s", nginx.log())
                    .isEqualTo(1);
            assertThat(session.pool().reused()).isEqualTo(4);
        }
    }

    @AsyncTest(virtualTime = false) // a real peer: real time
    void nginxsChunkedOutputIsDecodedAndTheConnectionReused() throws Exception {
        try (var session =
                ClientSession.builder().withoutHeader("Accept-Encoding").build()) {
            for (int i = 0; i < 3; i++) {
                try (var resp = session.get(nginx.url("/sub/text.txt"))) {
                    assertThat(resp.headers().get("Transfer-Encoding")).isEqualTo("chunked");
                    assertThat(resp.headers().contains("Content-Length")).isFalse();
                    assertThat(resp.text()).isEqualTo(text.replace("hello", "HELLO"));
                }
            }
            assertThat(session.pool().created()).isEqualTo(1);
        }
    }

    @AsyncTest(virtualTime = false) // a real peer: real time
    void chunkedGzipFromNginxIsDecodedStreamingInChunks() throws Exception {
        try (var session = new ClientSession();
                var resp = session.get(nginx.url("/gz/text.txt"))) {
            assertThat(resp.headers().get("Content-Encoding")).isEqualTo("gzip");
            assertThat(resp.headers().get("Transfer-Encoding")).isEqualTo("chunked");
            StringBuilder got = new StringBuilder();
            int lines = 0;
            for (byte[] line; (line = resp.content().readLine()).length > 0; ) {
                got.append(new String(line, UTF_8));
                lines++;
            }
            assertThat(lines).isEqualTo(20_000);
            assertThat(got.toString()).isEqualTo(text);
            assertThat(resp.state()).isEqualTo(ClientResponse.State.COMPLETE);
            assertThat(session.pool().idleCount()).isEqualTo(1); // read to its end: back in the pool
        }
    }

    @AsyncTest(virtualTime = false) // a real peer: real time
    void concurrentRequestsShareAFewKeptAliveConnections() throws Exception {
        try (var session = ClientSession.builder().limitPerHost(4).build()) {
            for (int round = 0; round < 3; round++) {
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    tasks.add(Asyncio.createTask(() -> {
                        try (var resp = session.get(nginx.url("/big.bin"))) {
                            return resp.bytes().length;
                        }
                    }));
                }
                for (int n : Asyncio.gather(tasks)) {
                    assertThat(n).isEqualTo(big.length);
                }
            }
            assertThat(session.pool().created()).isEqualTo(4); // 36 requests, never more than the 4 allowed
            assertThat(session.pool().reused()).isEqualTo(32);
            assertThat(session.pool().inUse()).isZero();
        }
    }

    @AsyncTest(virtualTime = false) // a real peer: real time
    void keepaliveRequestsEndsTheConnectionWithConnectionCloseAndTheNextGoesOnAFreshOne() throws Exception {
        Counts counts = new Counts();
        try (var session = ClientSession.builder().trace(counts).build()) {
            for (int i = 1; i <= 7; i++) {
                try (var resp = session.get(nginx.url("/few/big.bin"))) {
                    assertThat(resp.bytes()).hasSize(big.length);
                    if (i % 3 == 0) {
                        assertThat(resp.headers().containsToken("Connection", "close"))
                                .as("request %d", i)
                                .isTrue();
                    }
                }
                if (i % 3 == 0) {
                    assertThat(session.pool().open()).as("after request %d", i).isZero(); // not kept: nginx closes it
                }
            }
            assertThat(counts.created.get()).isEqualTo(3); // requests 1-3, 4-6, 7
            assertThat(counts.retries.get()).isZero(); // never sent on a connection nginx had ended
        }
    }

    @AsyncTest(virtualTime = false) // a real peer: real time
    void anIdleConnectionThatNginxClosedIsDroppedNotReused() throws Exception {
        Counts counts = new Counts();
        try (var session = ClientSession.builder().trace(counts).build()) {
            assertThat(session.get(nginx.url("/short/big.bin")).bytes()).hasSize(big.length);
            List<HttpConnection> idle = session.pool().idleConnections();
            assertThat(idle).hasSize(1);
            HttpConnection first = idle.get(0);
            // Wait for nginx's keepalive_timeout (300 ms) to close it: its EOF is the event (bounded).
            try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
                assertThat(first.reader().read(1)).isEmpty();
            }
            assertThat(first.unusable()).isTrue();
            try (var resp = session.get(nginx.url("/big.bin"))) {
                assertThat(resp.bytes()).isEqualTo(big);
            }
            assertThat(counts.created.get()).isEqualTo(2); // the closed one was dropped, a fresh one made
            assertThat(counts.retries.get()).isZero(); // dropped before sending, not after a failure
            assertThat(session.pool().idleConnections())
                    .singleElement()
                    .satisfies(c -> assertThat(c.unusable()).isFalse()); // no broken connection kept
            assertThat(session.pool().open()).isEqualTo(1);
        }
    }
}
