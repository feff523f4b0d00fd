package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jasyncio.Asyncio;
import org.jasyncio.process.Subprocess;
import org.jasyncio.testfixtures.PythonPeer;
import org.jasyncio.testing.AsyncTest;

/** Load of the kinds the issue names, scaled to a shared 2-core machine, with real clients. */
class RobustnessTest {
    static long openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aThousandMalformedRequestsInterleavedWithGoodOnesLeaveNoDescriptorBehind() throws Exception {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/", r -> "ok");
        app.post("/echo", r -> r.bytes());
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            long before = openDescriptors();
            List<String> bad = new ArrayList<>();
            for (ProtocolTest.Bad b : ProtocolTest.BAD) {
                bad.add(b.request() + "|" + b.status());
            }
            String out = Peers.python("""
                    import socket, sys
                    port = int(sys.argv[1])
                    bad = [tuple(x.rsplit('|', 1)) for x in sys.argv[2:]]
                    def exchange(data):
                        s = socket.create_connection(('127.0.0.1', port), timeout=20)
                        s.sendall(data.encode('latin-1'))
                        chunks = []
                        while True:
                            b = s.recv(65536)
                            if not b:
                                break
                            chunks.append(b)
                        s.close()
                        return b''.join(chunks).decode('latin-1')
                    good_ok = bad_ok = 0
                    for i in range(1000):
                        req, status = bad[i % len(bad)]
                        if exchange(req).startswith('HTTP/1.1 %s ' % status):
                            bad_ok += 1
                        if exchange('POST /echo HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 5\\r\\nConnection: close\\r\\n\\r\\nhello').endswith('hello'):
                            good_ok += 1
                    print(good_ok, bad_ok)
                    """, prepend(String.valueOf(runner.port()), bad));
            assertThat(out.strip()).isEqualTo("1000 1000");
            runner.awaitNoConnections(); // every connection's task has ended (bounded by the client's end)
            assertThat(runner.connectionCount()).isZero();
            assertThat(openDescriptors()).isLessThanOrEqualTo(before + 2);
        }
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aThousandConcurrentKeepAliveConnectionsOnOneLoop() throws Exception {
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/", r -> {
            Asyncio.sleep(0.01); // the subject: a thousand handlers suspended at once, not a wait for an event
            return "ok";
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            String out = Peers.python("""
                    import socket, sys
                    port = int(sys.argv[1])
                    socks = [socket.create_connection(('127.0.0.1', port), timeout=30) for _ in range(1000)]
                    answered = 0
                    for rnd in range(2):
                        for s in socks:
                            s.sendall(b'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')
                        for s in socks:
                            data = b''
                            while not data.endswith(b'ok'):
                                data += s.recv(4096)
                            answered += data.startswith(b'HTTP/1.1 200 OK')
                    print(answered)
                    for s in socks:
                        s.close()
                    """, String.valueOf(runner.port()));
            assertThat(out.strip()).isEqualTo("2000");
        }
    }

    /**
     * The robustness item: 10,000 keep-alive connections open at once on one loop, from a
     * separate Python process (the client's 10,000 descriptors must not count against this JVM's
     * limit). All connect first; then each is answered once, counted open on the server, answered a
     * second time (so it stayed alive), and closed; then the server's sockets are all released.
     */
    @AsyncTest(virtualTime = false) // real sockets and a real peer: real time (see LifecycleTest)
    void tenThousandConcurrentKeepAliveConnectionsOnOneLoop() throws Exception {
        int n = 10_000;
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.get("/", r -> "ok");
        Set<String> sockets;
        long before;
        try (AppRunner runner = app.start("127.0.0.1", 0);
                var t = Asyncio.timeout(Duration.ofSeconds(240))) {
            sockets = socketDescriptors(); // the listening one among them
            before = openDescriptors();
            Subprocess client = PythonPeer.start(
                    RobustnessTest.class, "keepalive_clients.py", String.valueOf(runner.port()), String.valueOf(n));
            try {
                assertThat(PythonPeer.line(client)).isEqualTo("answered " + n + " of " + n);
                assertThat(runner.connectionCount()).isEqualTo(n);
                assertThat(openDescriptors()).isGreaterThanOrEqualTo(before + n);
                client.stdin().write("go on\n".getBytes(StandardCharsets.US_ASCII));
                client.stdin().close();
                assertThat(PythonPeer.line(client)).isEqualTo("closed " + n);
                client.communicate();
                assertThat(client.await()).isZero();
            } finally {
                if (client.returncode() == null) {
                    client.kill();
                }
            }
            runner.awaitNoConnections();
        }
        // Every transport is closed and the runner shut down; a closed channel registered with a
        // selector is released by that selector's next select, which each loop turn starts with:
        // loop turns, not time.
        for (int turn = 0; turn < 10 && !sockets.containsAll(socketDescriptors()); turn++) {
            Asyncio.sleep(0);
        }
        assertThat(sockets).containsAll(socketDescriptors());
        // + 2: the first request ids may open /dev/random and /dev/urandom (SecureRandom), once per JVM
        assertThat(openDescriptors()).isLessThanOrEqualTo(before + 2);
    }

    @org.junit.jupiter.api.Test
    void theBacklogIsAnOptionAndMustBePositive() {
        assertThat(ServerOptions.defaults().backlog()).isEqualTo(2048);
        assertThat(ServerOptions.defaults().withBacklog(100).backlog()).isEqualTo(100);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ServerOptions.defaults().withBacklog(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ServerOptions backlog 0 must be at least 1");
    }

    /** This process's socket descriptors, by kernel inode ("socket:[123]"). */
    static Set<String> socketDescriptors() throws IOException {
        Set<String> out = new HashSet<>();
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        out.add(target);
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since
                }
            }
        }
        return out;
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void aStreamedUploadOfOneGibibyteIsReadInBoundedPieces() throws Exception {
        long[] stats = new long[2]; // total, largest piece
        App app = new App().options(ServerOptions.defaults().withAccessLog(false));
        app.post("/upload", r -> {
            for (byte[] piece : r.content()) {
                stats[0] += piece.length;
                stats[1] = Math.max(stats[1], piece.length);
            }
            return String.valueOf(stats[0]);
        });
        try (AppRunner runner = app.start("127.0.0.1", 0)) {
            String out = Peers.python("""
                    import http.client, sys
                    block = b'x' * (1 << 20)
                    c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=60)
                    c.putrequest('POST', '/upload')
                    c.putheader('Content-Length', str(1 << 30))
                    c.endheaders()
                    for i in range(1024):
                        c.send(block)
                    r = c.getresponse()
                    print(r.status, r.read().decode())
                    """, String.valueOf(runner.port()));
            assertThat(out.strip()).isEqualTo("200 " + (1L << 30));
        }
        assertThat(stats[1]).isLessThanOrEqualTo(1 << 20);
    }

    @AsyncTest(virtualTime = false) // real sockets and peers: real time (see LifecycleTest)
    void theAccessLogWritesTheCombinedFormatWithTimeAndRequestId() throws Exception {
        Logger jul = Logger.getLogger("org.jasyncio.http.server.access");
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try {
            App app = new App();
            app.get("/hi", r -> "hi " + r.id());
            try (AppRunner runner = app.start("127.0.0.1", 0)) {
                var generated = Peers.curl("-A", "test-agent", runner.url() + "/hi?x=1");
                String id = generated
                        .out()
                        .lines()
                        .filter(l -> l.startsWith("X-Request-Id: "))
                        .findFirst()
                        .orElseThrow()
                        .substring(14)
                        .strip();
                assertThat(generated.body()).isEqualTo("hi " + id);
                assertThat(Peers.curl("-H", "X-Request-Id: from-proxy-7", runner.url() + "/hi")
                                .body())
                        .isEqualTo("hi from-proxy-7");
                Asyncio.wrapFuture(runner.accessLog().written()).await(); // the lines are written off the loop
                assertThat(lines).hasSize(2);
                assertThat(lines.getFirst())
                        .matches("127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000\\]"
                                + " \"GET /hi\\?x=1 HTTP/1\\.1\" 200 \\d+ \"-\" \"test-agent\" \\d+\\.\\d{6} "
                                + java.util.regex.Pattern.quote(id));
                assertThat(lines.get(1)).endsWith(" from-proxy-7");
            }
        } finally {
            jul.removeHandler(capture);
        }
    }

    private static String[] prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
