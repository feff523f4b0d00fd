package org.jasyncio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the virtual engine's strand does besides the baton (which every task test exercises on the
 * virtual execution of the suite): its thread is named only when asked for, and its {@code run()} is
 * its thread's alone. Driven by hand here, on both executions of the suite.
 */
class VirtualThreadStrandTest {
    @Test
    void theThreadIsNamedOnlyWhenAskedForWithTheNameOfThatMoment() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicReference<Strand> self = new AtomicReference<>();
        List<Object> seen = new ArrayList<>();
        Strand s = VirtualThreadStrand.FACTORY.create(
                () -> {
                    seen.add(made.get()); // no name string per task unless diagnostics ask
                    Thread t = self.get().thread();
                    seen.add(t);
                    seen.add(t.getName());
                    seen.add(self.get().thread());
                    seen.add(made.get()); // made once
                },
                () -> "Task-" + made.incrementAndGet());
        self.set(s);
        assertThat(s.resume()).isTrue(); // the body ran and ended
        assertThat(seen).hasSize(5);
        assertThat(seen.get(0)).isEqualTo(0);
        assertThat(seen.get(2)).isEqualTo("Task-1");
        assertThat(seen.get(3)).isSameAs(seen.get(1));
        assertThat(seen.get(4)).isEqualTo(1);
        ((Thread) seen.get(1)).join();
    }

    /**
     * Diagnostics (the blocking watchdogs) ask for a strand's thread from threads of their own, racing
     * with the baton's holder, which makes the thread as the first step begins: asked before that, a
     * strand has no thread and makes none (one made there could replace the holder's, and the body's
     * own thread would then be refused as a stranger's).
     */
    @Test
    void aStrandAskedForItsThreadBeforeItsFirstStepFromAnotherThreadHasNoneAndMakesNone() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Strand s = VirtualThreadStrand.FACTORY.create(() -> ranOn.set(Thread.currentThread()), () -> "x");
        AtomicReference<Object> asked = new AtomicReference<>("not asked");
        Thread diagnostics = Thread.ofPlatform().start(() -> asked.set(s.thread()));
        assertThat(diagnostics.join(Duration.ofSeconds(60))).isTrue();
        assertThat(asked.get()).as("the thread before the first step").isNull();
        assertThat(s.resume()).isTrue();
        assertThat(ranOn.get()).as("the body ran").isNotNull();
        assertThat(s.thread()).as("the thread once the body ended").isNull();
    }

    @Test
    void runIsTheStrandThreadsOwnAndRefusedToAnyoneElse() {
        Strand s = VirtualThreadStrand.FACTORY.create(() -> {}, () -> "x");
        assertThatThrownBy(((Runnable) s)::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("run() called from")
                .hasMessageContaining("it is the body of strand thread");
        assertThat(s.resume()).isTrue(); // still usable: the refused call changed nothing
    }
}
