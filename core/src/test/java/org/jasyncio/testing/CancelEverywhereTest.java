package org.jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** {@link CancelEverywhere}: passes a cancellation-safe scenario, and names the point where one is not. */
class CancelEverywhereTest {
    @AsyncTest
    void aCancellationSafeScenarioPassesAtEveryPoint() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        double start = Asyncio.getRunningLoop().time();
        CancelEverywhere.checkNeverLost("two sleeps", () -> {
            runs.incrementAndGet();
            Asyncio.sleep(1.0);
            Asyncio.sleep(2.0);
            return "done";
        });
        assertThat(runs.get()).isEqualTo(8 * 5);
        assertThat(Asyncio.getRunningLoop().time() - start).isGreaterThan(0); // the delays ran on the virtual clock
    }

    @AsyncTest
    void aTaskLeftBehindFailsTheCheckNamingThePoint() {
        List<Task<?>> leaked = new ArrayList<>();
        assertThatThrownBy(() -> CancelEverywhere.check("leaky", () -> {
                    leaked.add(Asyncio.createTask(
                            () -> {
                                Asyncio.sleep(100.0);
                                return null;
                            },
                            "leaked"));
                    Asyncio.sleep(1.0);
                    return null;
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "leaky cancelled at 0.0s + 0 spins left tasks pending") // the victim starts in sleep(0)
                .hasMessageContaining("leaked");
        leaked.forEach(Task::cancel);
    }

    @AsyncTest
    void aSwallowedCancelFailsCheckNeverLostButNotCheck() throws Exception {
        CancelEverywhere.check("swallowing", CancelEverywhereTest::swallowing);
        assertThatThrownBy(() -> CancelEverywhere.checkNeverLost("swallowing", CancelEverywhereTest::swallowing))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("swallowing cancelled at")
                .hasMessageContaining("the cancel was lost, the victim ended with swallowed");
    }

    @AsyncTest
    void aVictimFailingAnotherWayFailsTheCheck() {
        assertThatThrownBy(() -> CancelEverywhere.check("failing", () -> {
                    try {
                        Asyncio.sleep(1.0);
                    } catch (CancelledError c) {
                        throw new IllegalArgumentException("boom in cleanup");
                    }
                    return null;
                }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "failing cancelled at 0.0s + 0 spins: the victim failed instead of ending cancelled or normally")
                .hasRootCauseMessage("boom in cleanup");
    }

    @Test
    void outsideATaskItSaysWhereItMustBeCalled() {
        assertThatThrownBy(() -> CancelEverywhere.check("x", () -> null)).isInstanceOf(IllegalStateException.class);
    }

    private static String swallowing() {
        try {
            Asyncio.sleep(1.0);
        } catch (CancelledError swallowed) {
            return "swallowed";
        }
        return "slept";
    }
}
