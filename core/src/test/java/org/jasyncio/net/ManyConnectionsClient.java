package org.jasyncio.net;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Arrays;
import org.jasyncio.Asyncio;
import org.jasyncio.TaskGroup;
import org.jasyncio.TimeoutError;

/**
 * The client side of {@link ManyConnectionsTest}, in a process of its own so that its sockets do not
 * count against the test JVM's descriptor limit. It speaks a line protocol with the test:
 *
 * <pre>
 * child: opened K                      K connections are open (a batch more), none is closed yet
 * test:  more                          (the server has accepted them) open another batch ...
 * child: opened N
 * test:  go                            (the server has accepted all N) echo on all of them
 * child: error I: what went wrong      one line per failed connection, if any
 * child: ok K                          K connections echoed, saw the server close, and closed
 * </pre>
 *
 * <p>Batches that wait for the server keep its accept queue below the listen backlog: beyond it the kernel
 * drops SYNs, and each retransmit costs a second or more.
 *
 * <p>Each connection sends {@code "connection I\n"}, expects it back, then expects EOF (the server closes
 * first, so TIME_WAIT lands on the server's side), then closes. Exit code 0 if every one did.
 *
 * <p>Arguments: port, number of connections, batch size.
 */
final class ManyConnectionsClient {
    /** How long the whole client may take, so it never outlives a test that died without killing it. */
    private static final double LIFETIME_SECONDS = 300;

    private ManyConnectionsClient() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        int failed = Asyncio.run(() -> {
            try (var t = Asyncio.timeout(LIFETIME_SECONDS)) {
                return run(port, count, batch);
            } catch (TimeoutError e) {
                say("error all: the client gave up after " + LIFETIME_SECONDS + " s");
                return count;
            }
        });
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Opens, echoes and closes {@code count} connections; returns how many failed. */
    private static int run(int port, int count, int batch) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, UTF_8));
        Connection[] conns = new Connection[count];
        String order = "more";
        for (int from = 0; from < count && order.equals("more"); from += batch) {
            try (var tg = new TaskGroup()) {
                for (int i = from; i < Math.min(count, from + batch); i++) {
                    int n = i;
                    tg.createTask(() -> {
                        try {
                            conns[n] = Streams.openConnection(NetFixtures.HOST, port);
                        } catch (IOException e) {
                            say("error " + n + ": connect failed: " + e);
                        }
                    });
                }
            }
            say("opened " + Arrays.stream(conns).filter(c -> c != null).count());
            order = Asyncio.toThread(stdin::readLine);
        }
        if (!"go".equals(order)) {
            say("error all: expected 'more' or 'go' on stdin, got " + (order == null ? "EOF" : "'" + order + "'"));
            for (Connection c : conns) {
                if (c != null) {
                    c.writer().transport().abort();
                }
            }
            return count;
        }
        int[] ok = {0};
        try (var tg = new TaskGroup()) {
            for (int i = 0; i < count; i++) {
                int n = i;
                if (conns[n] == null) {
                    continue;
                }
                tg.createTask(() -> {
                    try {
                        echo(n, conns[n]);
                        ok[0]++;
                    } catch (Exception | AssertionError e) {
                        say("error " + n + ": " + (e instanceof AssertionError ? e.getMessage() : e.toString()));
                        conns[n].writer().transport().abort();
                    }
                });
            }
        }
        say("ok " + ok[0]);
        return count - ok[0];
    }

    /** One connection's exchange: the line comes back, then the server's EOF, then we close. */
    private static void echo(int n, Connection c) throws Exception {
        byte[] msg = ("connection " + n + "\n").getBytes(UTF_8);
        c.writer().write(msg);
        c.writer().drain();
        byte[] back = c.reader().readline();
        if (!Arrays.equals(back, msg)) {
            throw new AssertionError("sent " + show(msg) + ", got back " + show(back));
        }
        byte[] rest = c.reader().read();
        if (rest.length != 0) {
            throw new AssertionError("expected EOF after the echo (the server closes first), got " + show(rest));
        }
        c.writer().close();
        c.writer().waitClosed();
    }

    private static String show(byte[] b) {
        return "'" + new String(b, UTF_8).replace("\n", "\\n") + "'";
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
