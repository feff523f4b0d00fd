package org.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

class CapacityLimiterTest {
    @AsyncTest
    void lendsTokensToBorrowersInArrivalOrderAndReportsThem() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(2);
        List<Integer> order = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            tasks.add(Asyncio.createTask(() -> {
                try (Held token = limiter.hold()) {
                    order.add(id);
                    Asyncio.sleep(1.0);
                }
            }));
        }
        yields(1);
        CapacityLimiter.Statistics s = limiter.statistics();
        assertThat(s.borrowedTokens()).isEqualTo(2);
        assertThat(s.totalTokens()).isEqualTo(2);
        assertThat(s.borrowers()).containsExactly(tasks.get(0), tasks.get(1));
        assertThat(s.waiting()).isEqualTo(3);
        assertThat(limiter.toString()).isEqualTo("<CapacityLimiter exhausted borrowed=2/2 waiters=3>");
        Asyncio.gather(tasks);
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
        assertThat(Asyncio.getRunningLoop().time()).isEqualTo(3.0);
        assertThat(limiter.availableTokens()).isEqualTo(2);
    }

    @AsyncTest
    void aBorrowerHoldsOneTokenAndOnlyABorrowerReleases() {
        CapacityLimiter limiter = new CapacityLimiter(3);
        limiter.acquire();
        assertThatThrownBy(limiter::acquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already holds one of its tokens");
        Object connection = new Object() {
            @Override
            public String toString() {
                return "conn-1";
            }
        };
        assertThatThrownBy(() -> limiter.releaseOnBehalfOf(connection))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conn-1 holds none of its tokens");
        assertThat(limiter.tryAcquireOnBehalfOf(connection)).isTrue();
        assertThat(limiter.statistics().borrowers()).containsExactly(Asyncio.currentTask(), connection);
        limiter.releaseOnBehalfOf(connection);
        limiter.release();
        assertThat(limiter.borrowedTokens()).isZero();
    }

    @AsyncTest
    void raisingTheTotalWakesWaitersAndLoweringItWaitsForReturns() throws Exception {
        CapacityLimiter limiter = new CapacityLimiter(1);
        limiter.acquireOnBehalfOf("a");
        Task<Void> b = Asyncio.createTask(() -> limiter.acquireOnBehalfOf("b"));
        Task<Void> c = Asyncio.createTask(() -> limiter.acquireOnBehalfOf("c"));
        yields(1);
        limiter.setTotalTokens(3);
        Asyncio.gather(b, c);
        assertThat(limiter.statistics().borrowers()).containsExactly("a", "b", "c");
        limiter.setTotalTokens(1);
        assertThat(limiter.availableTokens()).isZero();
        limiter.releaseOnBehalfOf("a");
        assertThat(limiter.tryAcquireOnBehalfOf("d"))
                .as("still 2 borrowed out of 1")
                .isFalse();
        assertThatThrownBy(() -> limiter.setTotalTokens(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncTest
    void noTokenLostWhateverTheCancellationPoint() throws Exception {
        Steps.atEveryPoint(8, point -> {
            CapacityLimiter limiter = new CapacityLimiter(1);
            limiter.acquireOnBehalfOf("main");
            List<String> ran = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("b", "c", "d")) {
                tasks.add(Asyncio.createTask(() -> {
                    limiter.acquireOnBehalfOf(name);
                    try {
                        ran.add(name);
                        Asyncio.sleep(0);
                    } finally {
                        limiter.releaseOnBehalfOf(name);
                    }
                }));
            }
            Asyncio.createTask(() -> {
                yields(point);
                tasks.get(0).cancel();
            });
            yields(1);
            limiter.releaseOnBehalfOf("main");
            Asyncio.gatherSettled(tasks);
            assertThat(ran).endsWith("c", "d").isSubsetOf("b", "c", "d");
            assertThat(limiter.statistics().borrowers())
                    .as("borrowers at the end")
                    .isEmpty();
            assertThat(limiter.availableTokens()).isEqualTo(1);
        });
    }
}
