package org.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

class ParkingLotTest {
    @AsyncTest
    void unparksOldestFirstAndSkipsCancelledWaiters() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<String> woke = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            tasks.add(Asyncio.createTask(() -> {
                lot.park();
                woke.add(name);
            }));
        }
        yields(1);
        tasks.get(1).cancel();
        assertThat(lot.size()).as("a cancelled waiter no longer counts").isEqualTo(3);
        assertThat(lot.unpark(2)).isEqualTo(2);
        yields(2);
        assertThat(woke).containsExactly("a", "c");
        assertThat(lot.unparkAll()).isEqualTo(1);
        Asyncio.gatherSettled(tasks);
        assertThat(woke).containsExactly("a", "c", "d");
        assertThat(lot.statistics()).isEqualTo(new ParkingLot.Statistics(0, 4, 3, 1));
        assertThat(lot.toString()).isEqualTo("<ParkingLot waiters=0>");
    }

    @AsyncTest
    void cancellingTheFirstMiddleAndLastWaitersKeepsTheOthersInLine() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<String> woke = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d", "e")) {
            tasks.add(Asyncio.createTask(() -> {
                lot.park();
                woke.add(name);
            }));
        }
        yields(1);
        tasks.get(0).cancel();
        tasks.get(2).cancel();
        tasks.get(4).cancel();
        yields(1); // the cancelled ones run and leave the line
        assertThat(lot.size()).isEqualTo(2);
        Task<Void> last = Asyncio.createTask(() -> {
            lot.park();
            woke.add("f");
        });
        Task<Void> first = Asyncio.createTask(() -> {
            lot.parkFirst();
            woke.add("g");
        });
        yields(1);
        assertThat(lot.unparkAll()).isEqualTo(4);
        Asyncio.gatherSettled(tasks);
        Asyncio.gather(last, first);
        assertThat(woke).containsExactly("g", "b", "d", "f");
        assertThat(lot.isEmpty()).isTrue();
        assertThat(lot.statistics()).isEqualTo(new ParkingLot.Statistics(0, 7, 4, 3));
    }

    @Test
    void aLotRefusesASecondLoopWhileTasksOfTheFirstWaitAndServesItOnceTheyLeft() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<Throwable> refused = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Void> waiter = Asyncio.createTask(() -> lot.park());
            yields(1);
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    Asyncio.run(() -> lot.park());
                } catch (Throwable e) {
                    refused.add(e);
                }
            });
            other.join(java.time.Duration.ofSeconds(60));
            assertThat(other.isAlive()).isFalse();
            lot.unpark(1);
            waiter.await();
        });
        assertThat(refused).singleElement().asString().contains("is bound to", "cannot also be used from");
        Asyncio.run(
                () -> { // a new loop, nobody waiting from the old one: the lot serves it
                    Task<Void> waiter = Asyncio.createTask(() -> lot.park());
                    yields(1);
                    assertThat(lot.unpark(1)).isEqualTo(1);
                    waiter.await();
                });
        assertThat(lot.statistics()).isEqualTo(new ParkingLot.Statistics(0, 2, 2, 0));
    }

    @AsyncTest
    void aBeforeWakeThatThrowsLeavesItsWaiterParkedFirstInLine() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<String> woke = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Asyncio.createTask(() -> {
                lot.park(name, () -> {});
                woke.add(name);
            });
        }
        yields(1);
        List<Object> seen = new ArrayList<>();
        assertThatThrownBy(() -> lot.unpark(3, tag -> {
                    seen.add(tag);
                    if (tag.equals("b")) {
                        throw new IllegalStateException("refused b");
                    }
                }))
                .hasMessage("refused b");
        assertThat(seen).containsExactly("a", "b");
        assertThat(lot.size()).as("b and c still wait").isEqualTo(2);
        assertThat(lot.unpark(2)).isEqualTo(2);
        yields(1);
        assertThat(woke).containsExactly("a", "b", "c");
    }

    @AsyncTest
    void aBeforeWakeThatUnparksTheSameLotFailsAndLosesNoWaiter() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<String> woke = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Asyncio.createTask(() -> {
                lot.park();
                woke.add(name);
            });
        }
        yields(1);
        assertThatThrownBy(() -> lot.unpark(3, tag -> lot.unpark(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unpark called from the beforeWake of an unpark of the same lot");
        assertThat(lot.size()).as("nobody woken, nobody lost").isEqualTo(3);
        assertThat(lot.unparkAll()).isEqualTo(3);
        yields(1);
        assertThat(woke).containsExactly("a", "b", "c");
    }

    @AsyncTest
    void theWakerSeesEachWaitersTag() throws Exception {
        ParkingLot lot = new ParkingLot();
        Task<Void> a = Asyncio.createTask(() -> lot.park("tag-a", () -> {}));
        Task<Void> b = Asyncio.createTask(() -> lot.park());
        yields(1);
        List<Object> seen = new ArrayList<>();
        lot.unpark(2, seen::add);
        Asyncio.gather(a, b);
        assertThat(seen).containsExactly("tag-a", null);
    }

    @AsyncTest
    void parkFirstJumpsTheLine() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<String> woke = new ArrayList<>();
        Task<Void> a = Asyncio.createTask(() -> {
            lot.park();
            woke.add("a");
        });
        yields(1);
        Task<Void> b = Asyncio.createTask(() -> {
            lot.parkFirst();
            woke.add("b");
        });
        yields(1);
        lot.unpark(1);
        yields(1);
        assertThat(woke).containsExactly("b");
        lot.unpark(1);
        Asyncio.gather(a, b);
    }

    @AsyncTest
    void aWaiterWokenThenCancelledRunsItsGiveBackAction() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<String> log = new ArrayList<>();
        Task<Void> a = Asyncio.createTask(() -> lot.park(null, () -> log.add("a gives back")));
        Task<Void> b = Asyncio.createTask(() -> lot.park(null, () -> log.add("b gives back")));
        yields(1);
        lot.unpark(1);
        a.cancel(); // woken, then cancelled
        b.cancel(); // cancelled while still waiting
        Asyncio.gatherSettled(a, b);
        assertThat(log).containsExactly("a gives back");
        assertThat(a.cancelled() && b.cancelled()).isTrue();
    }

    @AsyncTest
    void parkingInACallbackOutsideATaskFailsWithoutJoiningTheLine() throws Exception {
        ParkingLot lot = new ParkingLot();
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Throwable> thrown = loop.createFuture();
        loop.callSoon(() -> {
            try {
                lot.park();
                thrown.setResult(null);
            } catch (IllegalStateException e) {
                thrown.setResult(e);
            }
        });
        assertThat(thrown.await()).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside any task");
        assertThat(lot.size()).isZero();
    }

    @Test
    void parkingOutsideALoopFailsClearly() {
        assertThatThrownBy(() -> new ParkingLot().park())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a task");
        assertThatThrownBy(() -> new Lock().acquire())
                .as("even when it would not have to wait")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lock.acquire() suspends");
        assertThatThrownBy(() -> new org.jasyncio.queue.Queue<Integer>().join())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Queue.join() suspends");
    }
}
