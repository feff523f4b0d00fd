package org.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

class SemaphoreTest {
    @AsyncTest
    void atMostValueHoldersAndFifoOrder() throws Exception {
        Semaphore sem = new Semaphore(2);
        int[] inside = {0, 0};
        List<Integer> order = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int id = i;
            tasks.add(Asyncio.createTask(() -> {
                try (Held permit = sem.hold()) {
                    order.add(id);
                    inside[0]++;
                    inside[1] = Math.max(inside[1], inside[0]);
                    Asyncio.sleep(1.0);
                    inside[0]--;
                }
            }));
        }
        yields(1);
        assertThat(sem.toString()).isEqualTo("<Semaphore locked value=0 waiters=4>");
        Asyncio.gather(tasks);
        assertThat(inside[1]).as("most tasks inside at once").isEqualTo(2);
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Asyncio.getRunningLoop().time())
                .as("6 jobs of 1 s, 2 at a time")
                .isEqualTo(3.0);
        assertThat(sem.value()).isEqualTo(2);
    }

    @AsyncTest
    void releaseHandsThePermitToTheOldestWaiter() throws Exception {
        Semaphore sem = new Semaphore(1);
        sem.acquire();
        Task<Void> w = Asyncio.createTask(() -> sem.acquire());
        yields(1);
        sem.release();
        assertThat(sem.value())
                .as("the permit went to the waiter, not to the count")
                .isZero();
        assertThat(sem.tryAcquire())
                .as("a newcomer must not take a permit handed to a waiter")
                .isFalse();
        assertThat(sem.locked()).isTrue();
        w.await();
        sem.release();
        assertThat(sem.state()).isEqualTo(Semaphore.State.AVAILABLE);
    }

    @AsyncTest
    void plainSemaphoreMayBeReleasedAboveItsInitialValue() {
        Semaphore sem = new Semaphore(0);
        assertThat(sem.locked()).isTrue();
        sem.release();
        sem.release();
        assertThat(sem.value()).isEqualTo(2);
        assertThat(sem.statistics()).isEqualTo(new Semaphore.Statistics(2, 0));
    }

    @AsyncTest
    void boundedSemaphoreRefusesOverRelease() {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        sem.acquire();
        sem.release();
        assertThatThrownBy(sem::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BoundedSemaphore")
                .hasMessageContaining("may not exceed its initial 2");
        assertThat(sem.value()).isEqualTo(2);
        assertThat(sem.toString()).isEqualTo("<BoundedSemaphore available value=2/2 waiters=0>");
    }

    @AsyncTest
    void aSemaphoreMadeWithNoValueHasOnePermit() {
        Semaphore sem = new Semaphore();
        assertThat(sem.value()).as("asyncio's Semaphore() default value").isEqualTo(1);
        sem.acquire();
        assertThat(sem.locked()).isTrue();
        sem.release();
        sem.release();
        assertThat(sem.value()).as("an unbounded one may go past it").isEqualTo(2);
    }

    @AsyncTest
    void aBoundedSemaphoreMadeWithNoValueHasOnePermitAndThatBound() {
        BoundedSemaphore sem = new BoundedSemaphore();
        assertThat(sem.value()).as("asyncio's BoundedSemaphore() default value").isEqualTo(1);
        sem.acquire();
        assertThat(sem.locked()).isTrue();
        sem.release();
        assertThatThrownBy(sem::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may not exceed its initial 1");
    }

    @AsyncTest
    void negativeInitialValueIsRefused() {
        assertThatThrownBy(() -> new Semaphore(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= 0");
    }

    @AsyncTest
    void aPermitHandedToACancelledWaiterIsNotLost() throws Exception {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        sem.acquire();
        Task<Void> b = Asyncio.createTask(() -> sem.acquire());
        Task<Void> c = Asyncio.createTask(() -> sem.acquire());
        yields(1);
        sem.release(); // to b ...
        b.cancel(); // ... cancelled before it runs: c must get the permit
        c.await();
        assertThatThrownBy(b::await).isInstanceOf(CancelledError.class);
        sem.release();
        assertThat(sem.value()).as("every permit is back").isEqualTo(1);
    }

    @AsyncTest
    void noPermitLostWhateverTheCancellationPoint() throws Exception {
        Steps.atEveryPoint(10, point -> {
            BoundedSemaphore sem = new BoundedSemaphore(2);
            sem.acquire();
            sem.acquire();
            List<String> ran = new ArrayList<>();
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("b", "c", "d", "e")) {
                tasks.add(Asyncio.createTask(() -> {
                    try (Held permit = sem.hold()) {
                        ran.add(name);
                        Asyncio.sleep(0);
                    }
                }));
            }
            Asyncio.createTask(() -> {
                yields(point);
                tasks.get(0).cancel();
                tasks.get(2).cancel();
            });
            yields(1);
            sem.release();
            sem.release();
            Asyncio.gatherSettled(tasks);
            assertThat(ran).as("who got a permit").contains("c", "e").isSubsetOf("b", "c", "d", "e");
            assertThat(sem.value()).as("permits at the end").isEqualTo(2);
            assertThat(sem.statistics().waiting()).isZero();
        });
    }
}
