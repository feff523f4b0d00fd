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

class LockTest {
    @AsyncTest
    void waitersGetTheLockInArrivalOrder() throws Exception {
        Lock lock = new Lock();
        List<Integer> order = new ArrayList<>();
        lock.acquire();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            tasks.add(Asyncio.createTask(() -> {
                try (Held h = lock.hold()) {
                    order.add(id);
                    Asyncio.sleep(0.1);
                }
            }));
        }
        yields(2);
        assertThat(lock.toString()).isEqualTo("<Lock locked waiters=5>");
        assertThat(lock.statistics().waiting()).isEqualTo(5);
        lock.release();
        Asyncio.gather(tasks);
        assertThat(order).as("order in which waiters got the lock").containsExactly(0, 1, 2, 3, 4);
        assertThat(lock.locked()).as("lock after every holder released it").isFalse();
        assertThat(lock.toString()).isEqualTo("<Lock unlocked waiters=0>");
    }

    @AsyncTest
    void releaseHandsTheLockOverSoANewcomerCannotBarge() throws Exception {
        Lock lock = new Lock();
        lock.acquire();
        Task<Void> waiter = Asyncio.createTask(() -> lock.acquire());
        yields(1);
        lock.release();
        assertThat(lock.locked())
                .as("the lock was handed to the waiter, so it stays locked")
                .isTrue();
        assertThat(lock.tryAcquire())
                .as("a newcomer must not take a lock handed to a waiter")
                .isFalse();
        waiter.await();
        assertThat(lock.owner()).isSameAs(waiter);
        lock.release();
        assertThat(lock.tryAcquire()).isTrue();
        assertThat(lock.owner()).isSameAs(Asyncio.currentTask());
    }

    @AsyncTest
    void releasingAnUnlockedLockThrowsNamingTheRule() {
        Lock lock = new Lock();
        assertThatThrownBy(lock::release)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("<Lock unlocked waiters=0>")
                .hasMessageContaining("release() called on an unlocked lock");
    }

    @AsyncTest
    void holdReleasesWhenTheBlockThrowsAndCloseIsIdempotent() {
        Lock lock = new Lock();
        assertThatThrownBy(() -> {
                    try (Held h = lock.hold()) {
                        assertThat(lock.locked()).isTrue();
                        throw new IllegalArgumentException("boom");
                    }
                })
                .hasMessage("boom");
        assertThat(lock.locked()).as("lock after the block threw").isFalse();
        Held h = lock.hold();
        h.close();
        h.close();
        assertThat(lock.locked()).isFalse();
    }

    @AsyncTest
    void waiterCancelledBeforeWakeIsSkipped() throws Exception {
        Lock lock = new Lock();
        lock.acquire();
        Task<Void> b = Asyncio.createTask(() -> lock.acquire());
        Task<Void> c = Asyncio.createTask(() -> lock.acquire());
        yields(1);
        b.cancel();
        yields(1);
        assertThat(lock.statistics().waiting()).isEqualTo(1);
        lock.release();
        c.await();
        assertThat(b.cancelled()).isTrue();
        assertThat(lock.owner()).as("the lock goes to the live waiter").isSameAs(c);
    }

    @AsyncTest
    void waiterCancelledAfterTheLockWasHandedToItPassesItOn() throws Exception {
        Lock lock = new Lock();
        lock.acquire();
        Task<Void> b = Asyncio.createTask(() -> lock.acquire());
        Task<Void> c = Asyncio.createTask(() -> lock.acquire());
        yields(1);
        lock.release(); // hands the lock to b ...
        b.cancel(); // ... which is cancelled before it runs again
        c.await();
        assertThat(b.cancelled()).isTrue();
        assertThat(lock.owner()).as("b must pass the lock it was handed to c").isSameAs(c);
        lock.release();
        assertThat(lock.locked()).isFalse();
    }

    @AsyncTest
    void lastWaiterCancelledAfterHandOverLeavesTheLockUnlocked() throws Exception {
        Lock lock = new Lock();
        lock.acquire();
        Task<Void> b = Asyncio.createTask(() -> lock.acquire());
        yields(1);
        lock.release();
        b.cancel();
        assertThatThrownBy(b::await).isInstanceOf(CancelledError.class);
        assertThat(lock.locked())
                .as("a cancelled waiter must not leave the lock locked")
                .isFalse();
    }

    @AsyncTest
    void noLostLockWhateverTheCancellationPoint() throws Exception {
        Steps.atEveryPoint(8, point -> {
            Lock lock = new Lock();
            List<String> got = new ArrayList<>();
            lock.acquire();
            List<Task<Void>> waiters = new ArrayList<>();
            for (String name : List.of("b", "c", "d")) {
                waiters.add(Asyncio.createTask(() -> {
                    try (Held h = lock.hold()) {
                        got.add(name);
                        Asyncio.sleep(0);
                    }
                }));
            }
            Task<Void> killer = Asyncio.createTask(() -> {
                yields(point);
                waiters.get(0).cancel();
            });
            yields(1);
            lock.release();
            Asyncio.gatherSettled(waiters);
            killer.await();
            assertThat(got).as("who held the lock").endsWith("c", "d").isSubsetOf("b", "c", "d");
            assertThat(waiters.get(1).cancelled() || waiters.get(2).cancelled()).isFalse();
            assertThat(lock.locked()).as("the lock at the end").isFalse();
            assertThat(lock.statistics().waiting()).isZero();
        });
    }

    @AsyncTest
    void acquireInsideATimeoutThatExpiresLeavesNoTrace() throws Exception {
        Lock lock = new Lock();
        Task<Void> holder = Asyncio.createTask(() -> {
            try (Held h = lock.hold()) {
                Asyncio.sleep(5.0);
            }
        });
        yields(1);
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(1.0)) {
                        lock.acquire();
                    }
                })
                .isInstanceOf(org.jasyncio.TimeoutError.class);
        assertThat(lock.statistics()).isEqualTo(new Lock.Statistics(true, holder, 0));
        holder.await();
        assertThat(lock.locked())
                .as("after the holder released it, nobody waits")
                .isFalse();
        assertThat(Asyncio.getRunningLoop().time()).isEqualTo(5.0);
    }

    @AsyncTest
    void aTimeoutExpiringAsTheLockIsHandedOverNeverLeavesItHeld() throws Exception {
        for (double holdFor : new double[] {0.5, 1.0, 1.5}) {
            Lock lock = new Lock();
            Task<Void> holder = Asyncio.createTask(() -> {
                try (Held h = lock.hold()) {
                    Asyncio.sleep(holdFor);
                }
            });
            yields(1);
            boolean[] got = {false};
            Task<Void> waiter = Asyncio.createTask(() -> {
                try (var t = Asyncio.timeout(1.0)) {
                    try (Held h = lock.hold()) {
                        got[0] = true;
                    }
                }
            });
            Asyncio.gatherSettled(holder, waiter);
            assertThat(lock.locked())
                    .as("lock after holding it %s s against a 1 s timeout", holdFor)
                    .isFalse();
            assertThat(got[0] || waiter.exception() instanceof org.jasyncio.TimeoutError)
                    .as("the waiter either got the lock or timed out (held %s s)", holdFor)
                    .isTrue();
            assertThat(lock.statistics().waiting()).isZero();
        }
    }
}
