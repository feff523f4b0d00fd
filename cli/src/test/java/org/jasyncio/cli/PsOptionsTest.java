package org.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options {@code ps} and {@code pstree} share (TargetJvm): help, the PID, and their errors. */
class PsOptionsTest {
    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static final String PS_USAGE = """
            Usage: jasyncio ps [-h] PID
            Lists the tasks of the jasyncio event loops of a running JVM (like python -m
            asyncio ps).
            Attaches to it; it needs no special flag.
                  PID      The process id of the JVM (see jps).
              -h, --help   Show this help message and exit.
            """;

    private static final String PSTREE_USAGE = """
            Usage: jasyncio pstree [-h] PID
            Prints the await tree of the jasyncio event loops of a running JVM (like python
            -m asyncio pstree).
            Attaches to it; it needs no special flag.
                  PID      The process id of the JVM (see jps).
              -h, --help   Show this help message and exit.
            """;

    @Test
    void helpShowsTheSameOptionsForBoth() {
        for (String help : new String[] {"-h", "--help"}) {
            Run ps = cli("ps", help);
            assertThat(ps.code()).isZero();
            assertThat(ps.out()).isEqualTo(PS_USAGE);
            Run pstree = cli("pstree", help);
            assertThat(pstree.code()).isZero();
            assertThat(pstree.out()).isEqualTo(PSTREE_USAGE);
        }
    }

    @Test
    void aMissingOrBadPidIsAUsageError() {
        for (String[] command : new String[][] {{"ps", PS_USAGE}, {"pstree", PSTREE_USAGE}}) {
            Run missing = cli(command[0]);
            assertThat(missing.code()).as(command[0]).isEqualTo(2);
            assertThat(missing.err()).as(command[0]).isEqualTo("Missing required parameter: 'PID'\n" + command[1]);
            Run bad = cli(command[0], "not-a-pid");
            assertThat(bad.code()).as(command[0]).isEqualTo(2);
            assertThat(bad.err())
                    .as(command[0])
                    .isEqualTo("Invalid value for positional parameter at index 0 (PID):"
                            + " 'not-a-pid' is not a long\n" + command[1]);
        }
    }
}
