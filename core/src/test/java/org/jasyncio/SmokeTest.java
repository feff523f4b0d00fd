package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void runReturnsMainsValue() throws Exception {
        assertThat(Asyncio.run(() -> 42)).isEqualTo(42);
    }

    @AsyncTest
    void sleepZeroInterleaves() throws Exception {
        List<String> log = new ArrayList<>();
        var a = Asyncio.createTask(() -> {
            for (int i = 0; i < 3; i++) {
                log.add("a" + i);
                Asyncio.sleep(0);
            }
        });
        var b = Asyncio.createTask(() -> {
            for (int i = 0; i < 3; i++) {
                log.add("b" + i);
                Asyncio.sleep(0);
            }
        });
        Asyncio.gather(a, b);
        assertThat(log).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
    }

    @AsyncTest
    void gatherTakesTheLongestOnVirtualTime() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        double t0 = loop.time();
        List<Integer> r = Asyncio.gather(
                () -> {
                    Asyncio.sleep(1.0);
                    return 1;
                },
                () -> {
                    Asyncio.sleep(2.0);
                    return 2;
                },
                () -> {
                    Asyncio.sleep(1.0);
                    return 3;
                });
        assertThat(r).containsExactly(1, 2, 3);
        assertThat(loop.time() - t0).isEqualTo(2.0);
    }

    @AsyncTest
    void timeoutThrowsTimeoutError() {
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(1.0)) {
                        Asyncio.sleep(10.0);
                    }
                })
                .isInstanceOf(TimeoutError.class);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void taskGroupFailureCancelsSiblings() {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (var tg = new TaskGroup()) {
                        tg.createTask(() -> {
                            try {
                                Asyncio.sleep(10.0);
                            } finally {
                                log.add("sibling cleaned up");
                            }
                        });
                        tg.createTask(() -> {
                            Asyncio.sleep(1.0);
                            throw new IllegalArgumentException("boom");
                        });
                    }
                })
                .isInstanceOf(TaskGroupError.class)
                .hasMessageContaining("boom");
        assertThat(log).containsExactly("sibling cleaned up");
    }

    @AsyncTest
    void runsOnTheEngineTheBuildAskedFor() {
        String wanted = System.getProperty("jasyncio.strand");
        if (wanted != null && !wanted.isEmpty()) {
            assertThat(Asyncio.getRunningLoop().strandEngine()).isEqualTo(wanted);
        }
    }

    @Test
    void sleepOutsideTaskFails() {
        assertThatThrownBy(() -> Asyncio.sleep(1.0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a task");
    }
}
