package org.jasyncio.http.monitor;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.jasyncio.Asyncio;
import org.jasyncio.net.Connection;
import org.jasyncio.net.Streams;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The tests' side of the monitor: raw HTTP/1.1 over the core's streams, from a task of the monitored loop. */
final class MonitorClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitorClient() {}

    /** A port free a moment ago, for {@code RunOptions.monitor(port)} (port 0 would not tell the test which). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The answer to {@code GET path}: status line, headers and body, read until the server closes. */
    static String get(int port, String path) throws Exception {
        try (var t = Asyncio.timeout(Duration.ofSeconds(20))) {
            Connection c = Streams.openConnection("127.0.0.1", port);
            c.writer()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            c.writer().drain();
            String answer = new String(c.reader().read(), StandardCharsets.UTF_8);
            c.writer().close();
            return answer;
        }
    }

    /** The body of an answer from {@link #get}. */
    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    /**
     * Reads the {@code /events} stream until a {@code snapshot} event satisfies {@code wanted} (within
     * {@code limit}), and returns it; also the headers' check that it is an event stream.
     */
    static JsonNode awaitSnapshot(int port, Duration limit, Predicate<JsonNode> wanted) throws Exception {
        try (var t = Asyncio.timeout(limit)) {
            Connection c = Streams.openConnection("127.0.0.1", port);
            try {
                c.writer()
                        .write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                c.writer().drain();
                String status = line(c);
                if (!status.startsWith("HTTP/1.1 200")) {
                    throw new AssertionError("/events answered " + status);
                }
                boolean eventStream = false;
                for (String h; !(h = line(c)).isEmpty(); ) {
                    eventStream |= h.toLowerCase(java.util.Locale.ROOT).startsWith("content-type: text/event-stream");
                }
                if (!eventStream) {
                    throw new AssertionError("/events is not text/event-stream");
                }
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String l; ; ) {
                    l = line(c);
                    if (l.matches("[0-9a-fA-F]+")) {
                        continue; // a chunk size line of the chunked body
                    }
                    if (l.startsWith("event: ")) {
                        event = l.substring(7);
                    } else if (l.startsWith("data: ")) {
                        data.append(l, 6, l.length());
                    } else if (l.isEmpty() && !data.isEmpty()) {
                        JsonNode snapshot = JSON.readTree(data.toString());
                        data.setLength(0);
                        if ("snapshot".equals(event) && wanted.test(snapshot)) {
                            return snapshot;
                        }
                    }
                }
            } finally {
                c.writer().close();
            }
        }
    }

    private static String line(Connection c) throws IOException {
        byte[] b = c.reader().readline();
        if (b.length == 0) {
            throw new IOException("the monitor closed the stream");
        }
        return new String(b, StandardCharsets.UTF_8).stripTrailing();
    }
}
