package org.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code jasyncio ps PID} and {@code pstree PID} against a real JVM started by the test with no special
 * flag, running docs/debugging/Server.java (the program of docs/debugging.md's samples): its tasks wait
 * on its standard input, which the test closes to end it.
 */
class PsCommandTest {
    private static Process child;

    @BeforeAll
    static void startTheChild() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String engine = System.getProperty("jasyncio.strand", "");
        if (!engine.equals("virtual")) {
            cmd.addAll(JavaLauncher.FAST_ENGINE_EXPORT);
        }
        if (!engine.isEmpty()) {
            cmd.add("-Djasyncio.strand=" + engine);
        }
        // the program of docs/debugging.md's ps and pstree samples, through the source-file launcher
        Path program = Path.of("..", "docs", "debugging", "Server.java")
                .toAbsolutePath()
                .normalize();
        assertThat(program).as("the program of docs/debugging.md").isRegularFile();
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), program.toString()));
        child = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    @AfterAll
    static void endTheChild() throws Exception {
        child.getOutputStream().close(); // every task waits for this
        boolean ended = child.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        assertThat(ended).as("the child ends when its stdin closes").isTrue();
        assertThat(child.exitValue()).isZero();
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        assertThat(code).as("exit code; stderr: %s", err).isZero();
        return out.toString();
    }

    /** The child's tasks, once all six exist and wait (the MBean is read until they do; bounded). */
    private static String untilAllWait(String command) throws Exception {
        String out = "";
        for (int attempt = 0; attempt < 50; attempt++) {
            out = cli(command, Long.toString(child.pid()));
            if (out.contains("part-a")
                    && out.contains("fetch")
                    && !out.contains("scheduled")
                    && !out.contains("running")) {
                return out;
            }
            assertThat(child.isAlive()).as("the child runs").isTrue();
            Thread.onSpinWait();
        }
        return out;
    }

    @Test
    void psListsEveryTaskWithWhereItWaitsAndWhoAwaitsIt() throws Exception {
        String out = untilAllWait("ps");
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0))
                .startsWith("LOOP")
                .contains("TASK ID")
                .contains("TASK NAME")
                .contains("STATE")
                .contains("WAITS AT")
                .contains("AWAITED BY");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("EventLoop-")
                        .contains(" fetch ")
                        .contains("waiting")
                        .contains("Server.waitFor(Server.java:")
                        .contains("(await)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(" part-a ").contains("(gather)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(" worker-1 ").contains("(TaskGroup)"));
        assertThat(lines).as("a header and the 7 tasks").hasSize(8);
    }

    @Test
    void pstreeDrawsTheAwaitTreeFromTheTasksNobodyAwaits() throws Exception {
        String out = untilAllWait("pstree");
        assertThat(out).startsWith("<EventLoop-");
        assertThat(out)
                .containsPattern("└── \\(T\\) Task-\\d+ #\\d+ waiting at Server\\.lambda\\$main\\$")
                .containsPattern("\\[await\\] \\(T\\) server #\\d+ waiting")
                .containsPattern("\\[TaskGroup\\] \\(T\\) worker-1 #\\d+ waiting")
                .containsPattern("\\[await\\] \\(T\\) fetch #\\d+ waiting at Server\\.waitFor")
                .containsPattern("\\[gather\\] \\(T\\) part-a #\\d+ waiting");
        assertThat(out)
                .as("stdin: awaited by fetch and part-a, shown once in full")
                .contains("(shown above)");
    }

    @Test
    void aProcessThatIsNotAJvmIsRefusedWithAMessage() throws Exception {
        Process notAJvm = new ProcessBuilder("sleep", "60").start();
        try {
            StringWriter err = new StringWriter();
            CommandLine cmd = Main.commandLine();
            cmd.setErr(new PrintWriter(err, true));
            cmd.setOut(new PrintWriter(new StringWriter(), true));
            int code = cmd.execute("ps", Long.toString(notAJvm.pid()));
            assertThat(code).isNotZero();
            assertThat(err.toString()).contains("cannot attach to process " + notAJvm.pid());
        } finally {
            notAJvm.destroyForcibly();
        }
    }
}
