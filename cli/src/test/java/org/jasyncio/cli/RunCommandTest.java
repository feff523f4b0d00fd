package org.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {
    private static final Path TOUR = Path.of("..", "examples", "Tour.java");

    /** Runs the CLI in this JVM and returns what it printed and its exit code. */
    private static Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {}

    @Test
    void dryRunShowsTheProgramsJvmWithTheFastEngineExportAndJasyncioOnly() {
        Result r = cli(
                "run",
                "--dry-run",
                "--debug",
                "--engine=virtual",
                "-J-Xmx64m",
                TOUR.toString(),
                "--virtual-time",
                "--debug");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip())
                .isEqualTo(JavaLauncher.thisJava() + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "
                        + JavaLauncher.jasyncioClassPath() + " -Djasyncio.debug=true -Djasyncio.strand=virtual -Xmx64m "
                        + TOUR + " --virtual-time --debug");
        assertThat(JavaLauncher.jasyncioClassPath()).doesNotContain("picocli");
    }

    @Test
    void refusesAMissingFile() {
        Result r = cli("run", "no/such/Program.java");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such file: no/such/Program.java");
    }

    @Test
    void versionNamesJasyncioJavaAndTheEngine() {
        Result r = cli("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .startsWith("jasyncio " + VersionProvider.version())
                .contains("Java " + Runtime.version())
                .contains("strand engine: ");
        assertThat(VersionProvider.version()).doesNotContain("${");
    }

    /** End to end: the launcher's command runs the Tour (on virtual time: instant) in a JVM of its own. */
    @Test
    void theTourRunsInTheProgramsJvm() throws Exception {
        assertThat(TOUR).exists();
        JavaLauncher launcher = JavaLauncher.forThisJvm(List.of(), TOUR, List.of("--virtual-time"));
        Path log = Files.createTempFile("jasyncio-tour", ".txt");
        try {
            Process p = new ProcessBuilder(launcher.command())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the Tour ended").isTrue();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out)
                    .contains(
                            "ASYNCHRONOUS PROGRAMMING PRACTICE",
                            "Time: 1.00s",
                            "Time: 0.50s (concurrent)",
                            "PRACTICE COMPLETE!")
                    .doesNotContain("virtual-thread strands");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
