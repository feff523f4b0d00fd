package org.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

class ConditionTest {
    private static Task<Void> waiter(Condition cond, List<String> woke, String name) {
        return Asyncio.createTask(
                () -> {
                    try (Held h = cond.hold()) {
                        cond.await();
                        woke.add(name);
                    }
                },
                name);
    }

    @AsyncTest
    void signalWakesWaitersOneAtATimeInArrivalOrder() throws Exception {
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        List<Task<Void>> tasks = List.of(waiter(cond, woke, "a"), waiter(cond, woke, "b"), waiter(cond, woke, "c"));
        yields(1);
        assertThat(cond.toString()).isEqualTo("<Condition unlocked waiters=3>");
        for (int round = 1; round <= 3; round++) {
            try (Held h = cond.hold()) {
                cond.signal();
            }
            yields(3);
            assertThat(woke).as("after %d signal(s)", round).hasSize(round);
        }
        Asyncio.gather(tasks);
        assertThat(woke).containsExactly("a", "b", "c");
    }

    @AsyncTest
    void signalNAndSignalAll() throws Exception {
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        List<Task<Void>> tasks = List.of(
                waiter(cond, woke, "a"), waiter(cond, woke, "b"), waiter(cond, woke, "c"), waiter(cond, woke, "d"));
        yields(1);
        cond.acquire();
        assertThat(cond.signal(2)).isEqualTo(2);
        cond.release();
        yields(4);
        assertThat(woke).containsExactly("a", "b");
        cond.acquire();
        assertThat(cond.signalAll()).isEqualTo(2);
        cond.release();
        Asyncio.gather(tasks);
        assertThat(woke).containsExactly("a", "b", "c", "d");
    }

    @AsyncTest
    void awaitAndSignalRequireTheLock() {
        Condition cond = new Condition();
        assertThatThrownBy(cond::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await() called without holding its lock");
        assertThatThrownBy(cond::signal)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signal() called without holding its lock");
    }

    @AsyncTest
    void awaitForIsAProducerConsumerHandshake() throws Exception {
        Condition nonEmpty = new Condition();
        ArrayDeque<Integer> items = new ArrayDeque<>();
        Task<Integer> consumer = Asyncio.createTask(() -> {
            try (Held h = nonEmpty.hold()) {
                nonEmpty.awaitFor(() -> items.size() >= 2);
                return items.removeFirst() + items.removeFirst();
            }
        });
        for (int i = 1; i <= 2; i++) {
            Asyncio.sleep(1.0);
            try (Held h = nonEmpty.hold()) {
                items.add(i * 10);
                nonEmpty.signalAll();
            }
        }
        assertThat(consumer.await()).isEqualTo(30);
        assertThat(Asyncio.getRunningLoop().time()).isEqualTo(2.0);
    }

    @AsyncTest
    void conditionsMayShareALock() throws Exception {
        Lock lock = new Lock();
        Condition a = new Condition(lock);
        Condition b = new Condition(lock);
        assertThat(a.lock()).isSameAs(b.lock());
        a.acquire();
        assertThat(b.locked()).isTrue();
        assertThat(b.tryAcquire()).isFalse();
        b.release();
        assertThat(a.locked()).isFalse();
    }

    @AsyncTest
    void aCancelledWaiterReacquiresTheLockBeforeTheCancellationPropagates() throws Exception {
        Condition cond = new Condition();
        List<Boolean> heldWhenCancelled = new ArrayList<>();
        Task<Void> w = Asyncio.createTask(() -> {
            cond.acquire();
            try {
                cond.await();
            } catch (CancelledError e) {
                heldWhenCancelled.add(cond.locked());
                cond.release();
                throw e;
            }
        });
        yields(1);
        cond.acquire(); // the waiter must wait for us to release before it can re-acquire
        w.cancel();
        yields(3);
        assertThat(heldWhenCancelled)
                .as("the waiter cannot leave await() before it has the lock")
                .isEmpty();
        cond.release();
        assertThatThrownBy(w::await).isInstanceOf(CancelledError.class);
        assertThat(heldWhenCancelled).containsExactly(true);
        assertThat(cond.locked()).isFalse();
    }

    @AsyncTest
    void aSignalLostToACancellationGoesToTheNextWaiter() throws Exception {
        Condition cond = new Condition();
        List<String> woke = new ArrayList<>();
        Task<Void> a = waiter(cond, woke, "a");
        Task<Void> b = waiter(cond, woke, "b");
        yields(1);
        cond.acquire();
        cond.signal(); // to a ...
        a.cancel(); // ... which is cancelled before it runs: b must get the signal
        cond.release();
        b.await();
        assertThat(a.cancelled()).isTrue();
        assertThat(woke).containsExactly("b");
    }

    @AsyncTest
    void oneSignalWakesExactlyOneWaiterWhateverTheCancellationPoint() throws Exception {
        Steps.atEveryPoint(8, point -> {
            Condition cond = new Condition();
            List<String> woke = new ArrayList<>();
            List<Task<Void>> tasks = List.of(waiter(cond, woke, "a"), waiter(cond, woke, "b"), waiter(cond, woke, "c"));
            Asyncio.createTask(() -> {
                yields(point);
                tasks.get(0).cancel();
            });
            yields(1);
            try (Held h = cond.hold()) {
                cond.signal();
            }
            yields(10);
            assertThat(woke).as("one signal, one waiter woken").hasSize(1);
            try (Held h = cond.hold()) {
                cond.signalAll();
            }
            Asyncio.gatherSettled(tasks);
            assertThat(cond.locked()).isFalse();
            assertThat(cond.statistics()).isEqualTo(new Condition.Statistics(false, 0, 0));
        });
    }
}
