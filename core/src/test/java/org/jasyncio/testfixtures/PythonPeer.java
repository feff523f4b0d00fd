package org.jasyncio.testfixtures;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.process.Subprocess;

/**
 * Starting the tests' Python peers (a script among a test's resources, run by {@link TestPrograms#python()})
 * and reading the first line they print, mostly the port they listen on: from a task as a {@link Subprocess}
 * of the running loop, or from a plain thread (a class's {@code @BeforeAll}) as a {@link Process}.
 */
public final class PythonPeer {
    private PythonPeer() {}

    /**
     * Starts the script {@code script}, a test resource beside {@code owner}, with {@code args}, as a
     * subprocess of the running loop, its standard streams piped. The caller waits for its exit (and kills
     * it on failure).
     */
    public static Subprocess start(Class<?> owner, String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                TestPrograms.python(), TestPrograms.resource(owner, script).toString()));
        cmd.addAll(List.of(args));
        return Subprocess.exec(cmd.toArray(String[]::new));
    }

    /**
     * The next line {@code child} prints, without its end; when it ends its output instead, fails the
     * test with what it wrote to stderr.
     */
    public static String line(Subprocess child) throws Exception {
        byte[] line = child.stdout().readline();
        if (line.length == 0 || line[line.length - 1] != '\n') {
            String err = new String(child.stderr().read(), UTF_8);
            throw new AssertionError(
                    "the Python peer (pid " + child.pid() + ") ended its output early; stderr:\n" + err);
        }
        return new String(line, 0, line.length - 1, UTF_8);
    }

    /** A peer started by {@link #listen}: its process and the port it printed. */
    public record Listening(Process process, int port) implements AutoCloseable {
        /** Closes its stdin (the peers serve until then) and waits 10 s for its exit, then kills it. */
        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Starts {@code command} (blocking: from a thread, not a task), its stderr going to the test's, and
     * waits until it prints the port it listens on; fails if it exits first.
     */
    public static Listening listen(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8));
        String line = out.readLine(); // blocks until the peer listens (or dies: null)
        if (line == null) {
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(
                    command + " exited" + (p.isAlive() ? "" : " with " + p.exitValue()) + " before listening");
        }
        return new Listening(p, Integer.parseInt(line.trim()));
    }
}
