package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C ends a program as Python's does for a shell: status 130, after the main task's cleanup ran. */
class SigintExitTest {
    /** The child: a main task that says it is ready, then waits an hour (Ctrl-C cancels it). */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Asyncio.run(() -> {
                try {
                    System.out.println("ready");
                    System.out.flush();
                    Asyncio.sleep(3600.0);
                } finally {
                    System.out.println("cleanup ran");
                    System.out.flush();
                }
            });
        }
    }

    @Test
    void anUncaughtKeyboardInterruptExitsWithStatus130() throws Exception {
        Process child = ChildJvm.start(Child.class);
        try {
            BufferedReader out = ChildJvm.stdout(child);
            assertThat(out.readLine()).isEqualTo("ready");
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.waitFor(60, TimeUnit.SECONDS))
                    .as("the child ends after Ctrl-C")
                    .isTrue();
            assertThat(out.readLine()).isEqualTo("cleanup ran");
            String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(err).contains("org.jasyncio.KeyboardInterrupt: interrupted by SIGINT (Ctrl-C)");
            assertThat(child.exitValue())
                    .as("128 + SIGINT, as a shell sees of Python")
                    .isEqualTo(130);
        } finally {
            child.destroyForcibly();
        }
    }
}
