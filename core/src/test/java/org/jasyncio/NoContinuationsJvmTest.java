package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM without continuations ({@code -XX:-VMContinuations}) but with the export flag: jasyncio runs
 * on the virtual-thread engine and its one log line says why, without advising the flag it already
 * has. (Loading the continuation engine's classes there fails in {@code Continuation}'s static
 * initializer; the choice must not depend on loading them.)
 */
class NoContinuationsJvmTest {
    /** The child: one run, printing the engine it got. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            System.out.println(
                    "ENGINE " + Asyncio.run(() -> Asyncio.getRunningLoop().strandEngine()));
        }
    }

    @Test
    void theVirtualEngineRunsAndTheLogLineSaysWhy() throws Exception {
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UnlockExperimentalVMOptions",
                        "-XX:-VMContinuations",
                        "--add-exports",
                        "java.base/jdk.internal.vm=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Probe.class.getName())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("the child JVM ended within 120 s")
                .isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.lines().toList()).as(err).isEqualTo(List.of("ENGINE virtual"));
        assertThat(err)
                .contains("this JVM runs without continuations")
                .doesNotContain("ExceptionInInitializerError")
                .doesNotContain("add --add-exports");
        assertThat(p.exitValue()).isZero();
    }
}
