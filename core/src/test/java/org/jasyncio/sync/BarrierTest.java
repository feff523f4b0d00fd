package org.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Outcome;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

class BarrierTest {
    private static List<Task<Integer>> arrive(Barrier barrier, int n) {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(Asyncio.createTask(() -> barrier.await()));
        }
        return tasks;
    }

    @AsyncTest
    void releasesAllPartiesTogetherWithArrivalIndexes() throws Exception {
        Barrier barrier = new Barrier(3);
        List<Task<Integer>> first = arrive(barrier, 2);
        yields(1);
        assertThat(barrier.toString()).isEqualTo("<Barrier filling waiters=2/3>");
        assertThat(first).as("nobody passes before the third party").noneMatch(Task::done);
        assertThat(barrier.await()).as("the last to arrive gets parties - 1").isEqualTo(2);
        assertThat(Asyncio.gather(first)).containsExactly(0, 1);
        assertThat(barrier.state()).isEqualTo(Barrier.State.FILLING);
    }

    @AsyncTest
    void isReusableRoundAfterRound() throws Exception {
        Barrier barrier = new Barrier(2);
        for (int round = 0; round < 3; round++) {
            Task<Integer> other = Asyncio.createTask(() -> barrier.await());
            yields(1);
            assertThat(barrier.await()).isEqualTo(1);
            assertThat(other.await()).as("round %d", round).isEqualTo(0);
        }
        assertThat(barrier.statistics()).isEqualTo(new Barrier.Statistics(Barrier.State.FILLING, 2, 0));
    }

    @AsyncTest
    void arrivalsDuringDrainingWaitForTheNextRound() throws Exception {
        Barrier barrier = new Barrier(2);
        Task<Integer> a = Asyncio.createTask(() -> barrier.await());
        yields(1);
        Task<Integer> b = Asyncio.createTask(() -> barrier.await()); // completes round 1
        Task<Integer> c = Asyncio.createTask(() -> barrier.await()); // arrives while round 1 drains
        Task<Integer> d = Asyncio.createTask(() -> barrier.await());
        assertThat(Asyncio.gather(a, b, c, d)).containsExactly(0, 1, 0, 1);
    }

    @AsyncTest
    void abortBreaksWaitersAndLaterArrivalsUntilReset() throws Exception {
        Barrier barrier = new Barrier(3);
        List<Task<Integer>> waiting = arrive(barrier, 2);
        yields(1);
        barrier.abort();
        for (Outcome<Integer> o : Asyncio.gatherSettled(waiting)) {
            assertThat(o.exceptionOrNull())
                    .isInstanceOf(BrokenBarrierError.class)
                    .hasMessageContaining("aborted");
        }
        assertThat(barrier.broken()).isTrue();
        assertThatThrownBy(barrier::await)
                .isInstanceOf(BrokenBarrierError.class)
                .hasMessageContaining("<Barrier broken")
                .hasMessageContaining("reset() it before use");
        barrier.reset();
        assertThat(barrier.state()).isEqualTo(Barrier.State.FILLING);
        List<Task<Integer>> again = arrive(barrier, 3);
        assertThat(Asyncio.gather(again)).containsExactlyInAnyOrder(0, 1, 2);
    }

    @AsyncTest
    void resetBreaksTheCurrentWaitersAndRefills() throws Exception {
        Barrier barrier = new Barrier(2);
        Task<Integer> a = Asyncio.createTask(() -> barrier.await());
        yields(1);
        barrier.reset();
        assertThat(barrier.state()).isEqualTo(Barrier.State.RESETTING);
        assertThat(Asyncio.gatherSettled(a).get(0).exceptionOrNull())
                .isInstanceOf(BrokenBarrierError.class)
                .hasMessageContaining("reset");
        assertThat(barrier.state()).as("after the last waiter left").isEqualTo(Barrier.State.FILLING);
        assertThat(Asyncio.gather(arrive(barrier, 2))).containsExactly(0, 1);
    }

    @AsyncTest
    void aCancelledWaiterLeavesAndTheBarrierNeedsOneMore() throws Exception {
        Steps.atEveryPoint(2, point -> {
            Barrier barrier = new Barrier(2);
            Task<Integer> victim = Asyncio.createTask(() -> barrier.await());
            yields(1);
            Asyncio.createTask(() -> {
                yields(point);
                victim.cancel();
            });
            yields(point + 3);
            assertThat(barrier.nWaiting()).as("the cancelled waiter has left").isZero();
            Task<Integer> b = Asyncio.createTask(() -> barrier.await());
            yields(1);
            assertThat(barrier.await()).isEqualTo(1);
            assertThat(b.await()).isEqualTo(0);
            assertThat(victim.cancelled()).isTrue();
        });
    }

    @AsyncTest
    void partiesMustBePositive() {
        assertThatThrownBy(() -> new Barrier(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parties must be >= 1");
    }
}
