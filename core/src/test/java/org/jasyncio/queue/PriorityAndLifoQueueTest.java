package org.jasyncio.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

class PriorityAndLifoQueueTest {
    record Job(int priority, String name) {}

    @AsyncTest
    void priorityQueueReturnsTheSmallestFirstAndEqualPrioritiesInPutOrder() {
        PriorityQueue<Job> q = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
        q.putNowait(new Job(2, "b1"));
        q.putNowait(new Job(1, "a1"));
        q.putNowait(new Job(2, "b2"));
        q.putNowait(new Job(1, "a2"));
        q.putNowait(new Job(2, "b3"));
        List<String> out = new ArrayList<>();
        while (!q.empty()) {
            out.add(q.getNowait().name());
        }
        assertThat(out).as("by priority, ties in put order").containsExactly("a1", "a2", "b1", "b2", "b3");
    }

    @AsyncTest
    void priorityQueueUsesNaturalOrderAndRefusesWhatItCannotOrder() {
        PriorityQueue<Object> q = new PriorityQueue<>();
        q.putNowait(3);
        q.putNowait(1);
        q.putNowait(2);
        assertThat(List.of(q.getNowait(), q.getNowait(), q.getNowait())).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> q.putNowait(new Object()))
                .isInstanceOf(ClassCastException.class)
                .hasMessageContaining("is not Comparable");
        assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class);
        assertThat(q.unfinishedTasks()).as("refused items are not counted").isEqualTo(3);
        assertThat(q.toString()).startsWith("<PriorityQueue open");
    }

    @AsyncTest
    void aWaitingGetterOfAPriorityQueueGetsTheBestItemPutBeforeItRuns() throws Exception {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        Task<Integer> getter = Asyncio.createTask(() -> q.get());
        yields(1);
        q.putNowait(5);
        q.putNowait(1);
        assertThat(getter.await())
                .as("as in asyncio, the item is chosen when the getter runs")
                .isEqualTo(1);
    }

    @AsyncTest
    void lifoQueueReturnsTheLastPutFirst() throws Exception {
        LifoQueue<Integer> q = new LifoQueue<>(3);
        q.put(1);
        q.put(2);
        q.put(3);
        assertThatThrownBy(() -> q.putNowait(4)).isInstanceOf(QueueFull.class).hasMessageContaining("<LifoQueue");
        assertThat(List.of(q.get(), q.get(), q.get())).containsExactly(3, 2, 1);
        q.shutdown();
        assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
    }
}
