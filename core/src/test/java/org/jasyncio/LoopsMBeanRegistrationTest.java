package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.jasyncio.diagnostics.LoopsMXBean;
import org.junit.jupiter.api.Test;

/**
 * jasyncio never makes the platform MBean server (over a second of CPU, some 1,100 classes): a
 * program nobody inspects runs without it, and the Loops MBean is registered as soon as somebody
 * makes it (here the program itself; {@code jasyncio ps} does it by starting the JMX agent, which
 * {@code PsCommandTest} covers). A child JVM, since the test JVM's own server may exist.
 */
class LoopsMBeanRegistrationTest {
    /** The child: a running loop, then the two observations, one line each. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            // Real time on purpose: what is shown is that nothing happens while a program runs for
            // longer than the one second after which jasyncio used to make the server.
            Asyncio.run(() -> {
                Asyncio.sleep(Duration.ofMillis(1_500));
                return null;
            });
            System.out.println("PLATFORM " + platformServerExists());
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(LoopsMXBean.OBJECT_NAME);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!server.isRegistered(name) && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            System.out.println("REGISTERED " + server.isRegistered(name));
        }
    }

    /**
     * Whether the platform MBean server exists: the one with the JVM's runtime MXBean (other servers, a
     * framework's own, may exist beside it). Asking makes nothing.
     */
    static boolean platformServerExists() throws Exception {
        ObjectName runtime = new ObjectName(ManagementFactory.RUNTIME_MXBEAN_NAME);
        return MBeanServerFactory.findMBeanServer(null).stream().anyMatch(s -> s.isRegistered(runtime));
    }

    /**
     * The child of the second test: a framework's own MBean server first, then a loop; once jasyncio's
     * registration thread has looked (it sleeps until its next look, or it has ended), one line: whether
     * the platform server exists.
     */
    public static final class PrivateServerProbe {
        public static void main(String[] args) throws Exception {
            MBeanServerFactory.createMBeanServer();
            EventLoop loop = EventLoop.newEventLoop();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!registrationHasLooked() && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10);
                }
                System.out.println("LOOKED " + registrationHasLooked());
                System.out.println("PLATFORM " + platformServerExists());
            } finally {
                loop.close();
            }
        }

        private static boolean registrationHasLooked() {
            for (var e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().equals("jasyncio-diagnostics-registration")) {
                    boolean pollSleep = e.getKey().getState() == Thread.State.TIMED_WAITING
                            && List.of(e.getValue()).stream()
                                    .anyMatch(f -> f.getClassName().equals(LoopRegistry.class.getName()));
                    return pollSleep || !e.getKey().isAlive();
                }
            }
            return true; // started and ended (the old code, having made the platform server)
        }
    }

    @Test
    void aFrameworksOwnMBeanServerDoesNotMakeJasyncioMakeThePlatformOne() throws Exception {
        assertChildPrints(
                PrivateServerProbe.class,
                "the registration thread looked and found no platform server",
                "LOOKED true",
                "PLATFORM false");
    }

    @Test
    void theMBeanWaitsForSomebodyToMakeThePlatformServerAndThenComesAtOnce() throws Exception {
        assertChildPrints(
                Probe.class,
                "no platform MBean server after a 1.5 s program, then the MBean once the program made one",
                "PLATFORM false",
                "REGISTERED true");
    }

    /** Runs {@code probe} in a child JVM and checks that it ends well, having printed {@code lines}. */
    private static void assertChildPrints(Class<?> probe, String what, String... lines) throws Exception {
        Process p = ChildJvm.start(probe);
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("the child JVM ended within 120 s")
                .isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.lines().toList()).as("%s; stderr: %s", what, err).isEqualTo(List.of(lines));
        assertThat(p.exitValue()).isZero();
    }
}
