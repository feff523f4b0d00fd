package org.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Task;
import org.jasyncio.TimeoutError;
import org.jasyncio.testing.AsyncTest;

class EventTest {
    @AsyncTest
    void setWakesEveryWaiterInArrivalOrder() throws Exception {
        Event event = new Event();
        List<Integer> woke = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            tasks.add(Asyncio.createTask(() -> {
                event.await();
                woke.add(id);
            }));
        }
        yields(1);
        assertThat(event.toString()).isEqualTo("<Event unset waiters=4>");
        assertThat(woke).as("nobody wakes before set()").isEmpty();
        event.set();
        Asyncio.gather(tasks);
        assertThat(woke).containsExactly(0, 1, 2, 3);
        assertThat(event.isSet()).isTrue();
        assertThat(event.toString()).isEqualTo("<Event set waiters=0>");
    }

    @AsyncTest
    void awaitReturnsAtOnceWhileSetAndWaitsAgainAfterClear() {
        Event event = new Event();
        event.set();
        double t0 = Asyncio.getRunningLoop().time();
        event.await();
        assertThat(Asyncio.getRunningLoop().time()).isEqualTo(t0);
        event.clear();
        assertThat(event.state()).isEqualTo(Event.State.UNSET);
        assertThatThrownBy(() -> Asyncio.waitFor(
                        () -> {
                            event.await();
                            return null;
                        },
                        5.0))
                .as("await() after clear() must wait")
                .isInstanceOf(TimeoutError.class);
    }

    @AsyncTest
    void aWaiterWokenBySetReturnsEvenIfClearedBeforeItRuns() throws Exception {
        Event event = new Event();
        Task<Void> waiter = Asyncio.createTask(() -> event.await());
        yields(1);
        event.set();
        event.clear();
        waiter.await();
        assertThat(waiter.done() && !waiter.cancelled()).isTrue();
    }

    @AsyncTest
    void cancelledWaiterDoesNotStopTheOthers() throws Exception {
        Steps.atEveryPoint(4, point -> {
            Event event = new Event();
            Task<Void> victim = Asyncio.createTask(() -> event.await());
            Task<Void> other = Asyncio.createTask(() -> event.await());
            Asyncio.createTask(() -> {
                yields(point);
                victim.cancel();
            });
            yields(1);
            event.set();
            other.await();
            assertThat(Asyncio.gatherSettled(victim).get(0).exceptionOrNull())
                    .satisfiesAnyOf(
                            e -> assertThat(e).isNull(), e -> assertThat(e).isInstanceOf(CancelledError.class));
            assertThat(event.statistics()).isEqualTo(new Event.Statistics(true, 0));
        });
    }
}
