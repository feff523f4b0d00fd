package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.Fixtures.after;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jasyncio.queue.Queue;
import org.jasyncio.sync.Condition;
import org.jasyncio.sync.Lock;
import org.jasyncio.testing.AsyncTest;

/**
 * When a child fails, its {@link TaskGroup} throws a {@link TaskGroupError} into the block at the
 * suspension where it waits (where asyncio would cancel it). Whatever the block waits in, that error
 * must arrive unchanged (not wrapped in an {@link IllegalStateException}), and the thing waited on
 * must be left as a cancellation would leave it.
 */
class TaskGroupInterruptTest {
    private final IOException boom = new IOException("boom");

    /** Runs {@code waiting} as the block of a group whose child fails at t=1; returns what the block saw. */
    private Throwable interruptedWhile(ThrowingCallable waiting) {
        Throwable[] seen = {null};
        Throwable out = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                try {
                    waiting.call();
                } catch (Throwable t) {
                    seen[0] = t;
                    throw t;
                }
            }
        });
        assertThat(out).as("what leaves the group").isInstanceOf(TaskGroupError.class);
        assertThat(seen[0]).as("what the waiting call threw into the block").isInstanceOf(TaskGroupError.class);
        assertThat(((TaskGroupError) seen[0]).exceptions()).containsExactly(boom);
        return seen[0];
    }

    @AsyncTest
    void aBlockWaitingInQueueGetGetsTheErrorAndLeavesNoGetterBehind() {
        Queue<Integer> queue = new Queue<>();
        interruptedWhile(queue::get);
        assertThat(queue.statistics().getters())
                .as("the interrupted get() left the queue's line")
                .isZero();
        queue.putNowait(1);
        assertThat(queue.getNowait()).isEqualTo(1);
    }

    @AsyncTest
    void aBlockWaitingForALockGetsTheErrorAndTheLockIsNotHandedToIt() throws Exception {
        Lock lock = new Lock();
        Task<Void> holder = Asyncio.createTask(() -> {
            lock.acquire();
            Asyncio.sleep(2.0);
            lock.release();
        });
        Asyncio.sleep(0);
        interruptedWhile(lock::acquire);
        holder.await();
        assertThat(lock.locked())
                .as("the release did not hand the lock to the interrupted waiter")
                .isFalse();
    }

    @AsyncTest
    void aBlockWaitingOnAConditionGetsTheErrorWithTheLockHeldAgain() {
        Condition cond = new Condition();
        boolean[] heldWhenInterrupted = {false};
        interruptedWhile(() -> {
            cond.acquire();
            try {
                cond.await();
            } finally {
                heldWhenInterrupted[0] = cond.locked();
                cond.release();
            }
        });
        assertThat(heldWhenInterrupted[0])
                .as("Condition.await() re-acquires the lock, as on cancellation")
                .isTrue();
    }

    @AsyncTest
    void aBlockInAsyncioWaitGetsTheError() {
        Task<String> slow = after(10.0, "slow");
        interruptedWhile(() -> Asyncio.wait(List.of(slow)));
        slow.cancel();
    }

    @AsyncTest
    void aBlockInAsCompletedGetsTheError() {
        Task<String> slow = after(10.0, "slow");
        interruptedWhile(() -> Asyncio.asCompleted(List.of(slow)).iterator().next());
        slow.cancel();
    }

    @AsyncTest
    void aBlockIteratingAGeneratorGetsTheErrorAndTheGeneratorStops() {
        Generator<Integer> ticks = Asyncio.generator(emit -> {
            for (int i = 0; ; i++) {
                Asyncio.sleep(10.0);
                emit.yield(i);
            }
        });
        interruptedWhile(() -> ticks.iterator().hasNext());
        assertThat(ticks.state())
                .as("the generator's body was stopped, as on cancellation")
                .isEqualTo(Generator.State.CLOSED);
    }

    @AsyncTest
    void anItemHandedOverInTheSameTurnAsTheFailureStillStopsTheGeneratorsBody() {
        List<String> log = new ArrayList<>();
        Generator<Integer> one = Asyncio.generator(emit -> {
            try {
                Asyncio.sleep(1.0); // due with the failing child's timer, and scheduled after it
                emit.yield(1);
                Asyncio.sleep(100.0);
            } finally {
                log.add("body stopped at " + Asyncio.getRunningLoop().time());
            }
        });
        Throwable out = catchThrowable(() -> {
            try (var tg = new TaskGroup()) {
                Iterator<Integer> it = one.iterator();
                // At t=1 the child fails first, then the body hands over its item: the group's failure
                // reaches this block after the item is ready but before it has woken up to take it.
                tg.createTask(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                });
                it.hasNext();
            }
        });
        assertThat(out).isInstanceOf(TaskGroupError.class);
        assertThat(one.state())
                .as("not exhausted: its body never ended on its own")
                .isEqualTo(Generator.State.CLOSED);
        Asyncio.sleep(0); // the cancelled body runs its finally at its next step
        assertThat(log)
                .as("the body parked at its yield was cancelled, so its finally ran")
                .containsExactly("body stopped at 1.0");
    }
}
