package org.jasyncio.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Outcome;
import org.jasyncio.Task;
import org.jasyncio.TimeoutError;
import org.jasyncio.sync.Steps;
import org.jasyncio.testing.AsyncTest;

class QueueTest {
    @AsyncTest
    void firstInFirstOutAndNullItems() {
        Queue<String> q = new Queue<>();
        q.putNowait("a");
        q.putNowait(null);
        q.putNowait("c");
        assertThat(q.qsize()).isEqualTo(3);
        assertThat(q.getNowait()).isEqualTo("a");
        assertThat(q.getNowait()).isNull();
        assertThat(q.getNowait()).isEqualTo("c");
        assertThat(q.empty()).isTrue();
    }

    @AsyncTest
    void nowaitTwinsThrowQueueFullAndQueueEmpty() {
        Queue<Integer> q = new Queue<>(2);
        assertThatThrownBy(q::getNowait)
                .isInstanceOf(QueueEmpty.class)
                .hasMessageContaining("<Queue open qsize=0 maxsize=2")
                .hasMessageContaining("getNowait() refuses to wait");
        q.putNowait(1);
        q.putNowait(2);
        assertThat(q.full()).isTrue();
        assertThatThrownBy(() -> q.putNowait(3))
                .isInstanceOf(QueueFull.class)
                .hasMessageContaining("is full: putNowait() refuses to wait");
        assertThat(q.qsize()).as("a refused put adds nothing").isEqualTo(2);
        assertThat(q.unfinishedTasks()).isEqualTo(2);
    }

    @AsyncTest
    void waitingGettersAreServedInArrivalOrder() throws Exception {
        Queue<Integer> q = new Queue<>();
        List<String> got = new ArrayList<>();
        List<Task<Void>> getters = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            getters.add(Asyncio.createTask(() -> {
                got.add(name + "=" + q.get());
            }));
        }
        yields(1);
        assertThat(q.toString()).isEqualTo("<Queue open qsize=0 maxsize=0 getters=3 putters=0 unfinished=0>");
        for (int i = 1; i <= 3; i++) {
            q.putNowait(i);
        }
        Asyncio.gather(getters);
        assertThat(got).containsExactly("a=1", "b=2", "c=3");
    }

    @AsyncTest
    void putWaitsWhileFullAndPuttersAreServedInArrivalOrder() throws Exception {
        Queue<String> q = new Queue<>(1);
        q.put("first");
        List<Task<Void>> putters = new ArrayList<>();
        for (String item : List.of("p1", "p2", "p3")) {
            putters.add(Asyncio.createTask(() -> q.put(item)));
        }
        yields(1);
        assertThat(q.statistics().putters()).isEqualTo(3);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(q.get());
        }
        Asyncio.gather(putters);
        assertThat(out).containsExactly("first", "p1", "p2", "p3");
    }

    @AsyncTest
    void joinWaitsForEveryTaskDone() throws Exception {
        Queue<Integer> q = new Queue<>();
        q.join(); // nothing unfinished: returns at once
        for (int i = 0; i < 3; i++) {
            q.putNowait(i);
        }
        Task<Void> worker = Asyncio.createTask(() -> {
            for (int i = 0; i < 3; i++) {
                q.get();
                Asyncio.sleep(1.0);
                q.taskDone();
            }
        });
        q.join();
        assertThat(Asyncio.getRunningLoop().time())
                .as("join returns when the third item is done")
                .isEqualTo(3.0);
        worker.await();
        assertThatThrownBy(q::taskDone)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskDone() called too many times");
    }

    @AsyncTest
    void joinWaitsAgainWhenItemsArePutAfterEverythingWasDone() throws Exception {
        // put()'s fast path and putNowait() clear the join event only when the unfinished count
        // leaves 0 (issue 14): each must still make a later join() wait.
        Queue<Integer> q = new Queue<>(10);
        for (boolean viaFastPath : new boolean[] {true, false, true}) {
            if (viaFastPath) {
                q.put(1);
            } else {
                q.putNowait(1);
            }
            q.put(2); // a second item while one is already unfinished: no clear, still unfinished
            assertThat(q.unfinishedTasks()).isEqualTo(2);
            double start = Asyncio.getRunningLoop().time();
            Task<Void> worker = Asyncio.createTask(() -> {
                for (int i = 0; i < 2; i++) {
                    q.get();
                    Asyncio.sleep(1.0);
                    q.taskDone();
                }
            });
            q.join();
            assertThat(Asyncio.getRunningLoop().time() - start)
                    .as("join waited for both items put via " + (viaFastPath ? "put()" : "putNowait()"))
                    .isEqualTo(2.0);
            assertThat(q.unfinishedTasks()).isZero();
            worker.await();
            q.join(); // everything done: returns at once
        }
    }

    @AsyncTest
    void putAfterShutdownIsRefused() {
        Queue<Integer> q = new Queue<>();
        q.shutdown();
        assertThat(q.isShutDown()).isTrue();
        assertThatThrownBy(() -> q.putNowait(1))
                .isInstanceOf(QueueShutDown.class)
                .hasMessageContaining("putNowait() refused");
        assertThatThrownBy(() -> q.put(1)).isInstanceOf(QueueShutDown.class).hasMessageContaining("put() refused");
    }

    @AsyncTest
    void gettersDrainWhatIsLeftThenGetQueueShutDown() throws Exception {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        q.putNowait(2);
        q.shutdown();
        assertThat(q.get()).isEqualTo(1);
        assertThat(q.getNowait()).isEqualTo(2);
        assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class).hasMessageContaining("no item is left");
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
    }

    @AsyncTest
    void shutdownWakesBlockedGettersAndPutters() throws Exception {
        Queue<Integer> empty = new Queue<>();
        Queue<Integer> full = new Queue<>(1);
        full.putNowait(0);
        Task<Integer> getter = Asyncio.createTask(() -> empty.get());
        Task<Void> putter = Asyncio.createTask(() -> full.put(1));
        yields(1);
        empty.shutdown();
        full.shutdown();
        assertThat(Asyncio.gatherSettled(getter).get(0).exceptionOrNull()).isInstanceOf(QueueShutDown.class);
        assertThat(Asyncio.gatherSettled(putter).get(0).exceptionOrNull()).isInstanceOf(QueueShutDown.class);
        assertThat(full.getNowait())
                .as("a gentle shutdown keeps the queued item")
                .isEqualTo(0);
    }

    @AsyncTest
    void immediateShutdownDropsItemsAndReleasesJoin() throws Exception {
        Queue<Integer> q = new Queue<>();
        for (int i = 0; i < 5; i++) {
            q.putNowait(i);
        }
        q.getNowait(); // taken but not done: join still waits for it
        Task<Void> joiner = Asyncio.createTask(() -> q.join());
        yields(1);
        q.shutdown(true);
        assertThat(q.qsize()).isZero();
        assertThat(q.unfinishedTasks()).as("only the item taken is unfinished").isEqualTo(1);
        yields(2);
        assertThat(joiner.done()).as("join waits for the item taken").isFalse();
        q.taskDone();
        joiner.await();
        assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
        assertThat(q.state()).isEqualTo(Queue.State.SHUT_DOWN);
    }

    @AsyncTest
    void immediateShutdownWithNothingTakenReleasesJoinAtOnce() throws Exception {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        Task<Void> joiner = Asyncio.createTask(() -> q.join());
        yields(1);
        q.shutdown(true);
        joiner.await();
        assertThat(q.unfinishedTasks()).isZero();
    }

    @AsyncTest
    void getWithATimeoutTakesNothing() {
        Queue<Integer> q = new Queue<>();
        assertThatThrownBy(() -> Asyncio.waitFor(() -> q.get(), 1.0)).isInstanceOf(TimeoutError.class);
        q.putNowait(7);
        assertThat(q.getNowait()).as("the timed-out getter took nothing").isEqualTo(7);
        assertThat(q.statistics().getters()).isZero();
    }

    @AsyncTest
    void noItemLostToACancelledGetterWhateverTheCancellationPoint() throws Exception {
        Steps.atEveryPoint(8, point -> {
            Queue<Integer> q = new Queue<>();
            List<Integer> got = new ArrayList<>();
            List<Task<Void>> getters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                getters.add(Asyncio.createTask(() -> {
                    got.add(q.get());
                }));
            }
            Asyncio.createTask(() -> {
                yields(point);
                getters.get(0).cancel();
            });
            yields(1);
            q.putNowait(1);
            q.putNowait(2);
            yields(10);
            assertThat(got).as("items taken").hasSize(2).containsExactlyInAnyOrder(1, 2);
            q.shutdown();
            List<Outcome<Void>> outcomes = Asyncio.gatherSettled(getters);
            assertThat(outcomes)
                    .as("the getter left without an item ends on shutdown or cancellation")
                    .filteredOn(o -> !o.isSuccess())
                    .hasSize(1);
            assertThat(q.statistics().getters()).isZero();
        });
    }

    @AsyncTest
    void noSlotLostToACancelledPutterWhateverTheCancellationPoint() throws Exception {
        Steps.atEveryPoint(8, point -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("x");
            List<Task<Void>> putters = new ArrayList<>();
            for (String item : List.of("b", "c")) {
                putters.add(Asyncio.createTask(() -> q.put(item)));
            }
            Asyncio.createTask(() -> {
                yields(point);
                putters.get(0).cancel();
            });
            yields(1);
            assertThat(q.getNowait()).isEqualTo("x");
            List<String> rest = new ArrayList<>();
            Task<Void> drain = Asyncio.createTask(() -> {
                while (true) {
                    rest.add(q.get());
                }
            });
            Asyncio.gatherSettled(putters);
            yields(5);
            drain.cancel();
            boolean bPut = !putters.get(0).cancelled();
            assertThat(rest).as("items that reached the queue").isEqualTo(bPut ? List.of("b", "c") : List.of("c"));
        });
    }

    @AsyncTest
    void aGetterThatLostItsItemToANewcomerKeepsItsPlaceInLine() throws Exception {
        Queue<Integer> q = new Queue<>();
        Task<Integer> a = Asyncio.createTask(() -> q.get());
        yields(1);
        Task<Integer> b = Asyncio.createTask(() -> q.get());
        yields(1);
        q.putNowait(1); // wakes a ...
        assertThat(q.getNowait()).isEqualTo(1); // ... but a newcomer takes the item first
        yields(2); // a finds the queue empty and waits again, at the front
        q.putNowait(2);
        assertThat(a.await())
                .as("a was first in line, so it gets the next item, not b")
                .isEqualTo(2);
        q.putNowait(3);
        assertThat(b.await()).isEqualTo(3);
    }

    @AsyncTest
    void aProducerAndAConsumerSwitchOncePerBatchNotOncePerItem() throws Exception {
        // A put wakes the waiting getter but the producer runs on and fills the queue; the consumer then
        // drains it without a switch. So each side waits once per full (or empty) queue, not per item
        // (issue 14: the queue benchmark's cost per item rests on this).
        int capacity = 10;
        int items = 10_000;
        Queue<Integer> q = new Queue<>(capacity);
        int[] producerWaits = {0};
        Task<Void> producer = Asyncio.createTask(() -> {
            for (int i = 0; i < items; i++) {
                if (q.full()) {
                    producerWaits[0]++;
                }
                q.put(i);
            }
        });
        int[] consumerWaits = {0};
        Task<Long> consumer = Asyncio.createTask(() -> {
            long sum = 0;
            for (int i = 0; i < items; i++) {
                if (q.empty()) {
                    consumerWaits[0]++;
                }
                sum += q.get();
            }
            return sum;
        });
        producer.await();
        assertThat(consumer.await()).isEqualTo((long) items * (items - 1) / 2);
        assertThat(producerWaits[0])
                .as("the producer waits once per full queue")
                .isLessThanOrEqualTo(items / capacity);
        assertThat(consumerWaits[0])
                .as("the consumer waits once per empty queue")
                .isLessThanOrEqualTo(items / capacity + 1);
    }
}
