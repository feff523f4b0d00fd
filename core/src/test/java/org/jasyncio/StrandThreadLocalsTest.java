package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A task's own thread (the virtual engine) gets no thread-local: each would give every task a
 * {@code ThreadLocalMap} (docs/performance.md, Round 4). Checked in a child JVM with the JDK's
 * {@code -Djdk.traceVirtualThreadLocals=true}, which prints the stack of every thread-local value a
 * virtual thread creates; none may come from a strand's thread. On the continuation engine tasks run
 * on the loop's platform thread, and the check holds trivially.
 */
class StrandThreadLocalsTest {
    /** The child: tasks that do what tasks commonly do, each call looking the running loop up. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            ContextVar<String> var = new ContextVar<>("probe");
            Asyncio.run(() -> {
                List<Task<String>> tasks = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String name = "probe-" + i;
                    tasks.add(Asyncio.createTask(
                            () -> {
                                var.set(name);
                                Asyncio.sleep(0);
                                Asyncio.sleep(0.001);
                                Future<String> f = Asyncio.getRunningLoop().createFuture();
                                String me = Asyncio.currentTask().getName();
                                Asyncio.getRunningLoop().callSoon(() -> f.setResult(me));
                                return f.await() + "=" + var.get();
                            },
                            name));
                }
                System.out.println("GATHERED " + Asyncio.gather(tasks));
                System.out.println("ENGINE " + Asyncio.getRunningLoop().strandEngine());
                return null;
            });
        }
    }

    @Test
    void noThreadLocalIsMadeOnATasksOwnThread() throws Exception {
        Process p = ChildJvm.start(List.of("-Djdk.traceVirtualThreadLocals=true"), Probe.class);
        List<String> out = new ArrayList<>();
        // Read on a thread of its own: a child that hangs must fail the test at the bound, not hang it.
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = ChildJvm.stdout(p)) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (out) {
                        out.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the child was destroyed: what was read stays for the assertions
            }
        });
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        reader.join(10_000);
        synchronized (out) {
            assertThat(ended)
                    .as("the child ended within 120 s; its output: %s", out)
                    .isTrue();
        }
        assertThat(p.exitValue()).as("child output: %s", out).isZero();
        assertThat(out).contains("GATHERED [probe-0=probe-0, probe-1=probe-1, probe-2=probe-2]");
        if (out.contains("ENGINE virtual")) {
            // The loop's own virtual thread sets its thread-local: proof that the tracing is on.
            assertThat(out).anyMatch(l -> l.contains("EventLoop.runForeverHere"));
        }
        assertThat(out).noneMatch(l -> l.contains("VirtualThreadStrand"));
    }
}
