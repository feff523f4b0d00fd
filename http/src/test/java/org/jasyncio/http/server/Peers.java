package org.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.net.Connection;
import org.jasyncio.net.Streams;
import org.jasyncio.process.Subprocess;
import org.jasyncio.testfixtures.TestPrograms;

/**
 * Real clients for the server tests, run from inside the test's loop without blocking it: curl and
 * python3 as subprocesses (bounded by their own time limits and a loop timeout), and raw sockets.
 */
final class Peers {
    private Peers() {}

    /** The result of a curl run: its stdout (with {@code -i}, the head and body) and exit code. */
    record CurlResult(int exit, String out, String err) {
        /** The status code of the last response in the output. */
        int status() {
            int s = -1;
            for (String line : out.split("\r\n|\n")) {
                if (line.startsWith("HTTP/")) {
                    s = Integer.parseInt(line.split(" ")[1]);
                }
            }
            return s;
        }

        /** The body after the last head. */
        String body() {
            int i = out.lastIndexOf("\r\n\r\n");
            return i < 0 ? out : out.substring(i + 4);
        }
    }

    /** Runs {@code curl -sS -i --max-time 20 ARGS...}. */
    static CurlResult curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "20"));
        cmd.addAll(List.of(args));
        Subprocess p = Subprocess.exec(cmd.toArray(String[]::new));
        try (var t = Asyncio.timeout(Duration.ofSeconds(30))) {
            Subprocess.Output o = p.communicate();
            return new CurlResult(
                    p.await(),
                    new String(o.stdout(), StandardCharsets.UTF_8),
                    new String(o.stderr(), StandardCharsets.UTF_8));
        }
    }

    /** Runs a Python script with {@code args}; returns its stdout; fails the test on a non-zero exit. */
    static String python(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TestPrograms.python(), "-c", script));
        cmd.addAll(List.of(args));
        Subprocess p = Subprocess.exec(cmd.toArray(String[]::new));
        try (var t = Asyncio.timeout(Duration.ofSeconds(60))) {
            Subprocess.Output o = p.communicate();
            int exit = p.await();
            String err = new String(o.stderr(), StandardCharsets.UTF_8);
            assertThat(exit).as("python3 exit code; stderr:\n%s", err).isZero();
            return new String(o.stdout(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code request} bytes on a fresh connection and returns everything the server sent until it
     * closed the connection (bounded by 20 s).
     */
    static String raw(int port, String request) throws Exception {
        Connection c = Streams.openConnection("127.0.0.1", port);
        try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            c.writer().write(request.getBytes(StandardCharsets.ISO_8859_1));
            c.writer().drain();
            return readAll(c);
        } finally {
            c.writer().close();
        }
    }

    /** Everything until EOF. */
    static String readAll(Connection c) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b = c.reader().read(65536); b.length > 0; b = c.reader().read(65536)) {
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** How many times {@code needle} occurs in {@code s}. */
    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
