package org.jasyncio.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
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
        Strand s = VirtualThreadStrand.FACTORY.create(() -> {}, () -> "Task-" + made.incrementAndGet());
        assertThat(made).hasValue(0); // no name string per task unless diagnostics ask
        Thread t = s.thread();
        assertThat(t.getName()).isEqualTo("Task-1");
        assertThat(s.thread()).isSameAs(t);
        assertThat(made).hasValue(1); // made once
        assertThat(s.resume()).isTrue(); // the body ran and ended
        t.join();
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
