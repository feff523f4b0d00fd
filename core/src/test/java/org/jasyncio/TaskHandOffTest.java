package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * Task steps that follow one another, which the virtual engine hands straight from one task's thread
 * to the next (docs/performance.md, Round 5): the order, stop, failures and other threads' callbacks
 * must be what the loop's own thread gives, on either engine.
 */
class TaskHandOffTest {
    @AsyncTest
    void stepsAndCallbacksRunInTheOrderOfTheReadyQueue() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> seen = new ArrayList<>();
        Task<Void> a = Asyncio.createTask(() -> {
            for (int i = 0; i < 3; i++) {
                seen.add("a" + i);
                int n = i;
                loop.callSoon(() -> seen.add("cb" + n));
                Asyncio.sleep(0);
            }
        });
        Task<Void> b = Asyncio.createTask(() -> {
            for (int i = 0; i < 3; i++) {
                seen.add("b" + i);
                Asyncio.sleep(0);
            }
        });
        Task<Void> c = Asyncio.createTask(() -> {
            seen.add("c0");
            Asyncio.sleep(0);
            seen.add("c1");
        });
        Asyncio.gather(a, b, c);
        assertThat(seen).containsExactly("a0", "b0", "c0", "cb0", "a1", "b1", "c1", "cb1", "a2", "b2", "cb2");
    }

    @AsyncTest
    void aPingPongOfSleepZeroIsHandedFromTaskToTaskOnTheVirtualEngineOnly() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        int rounds = 100;
        Task<Void> ping = Asyncio.createTask(() -> {
            for (int i = 0; i < rounds; i++) {
                Asyncio.sleep(0);
            }
        });
        Task<Void> pong = Asyncio.createTask(() -> {
            for (int i = 0; i < rounds; i++) {
                Asyncio.sleep(0);
            }
        });
        long before = loop.handedSteps();
        Asyncio.gather(ping, pong);
        long handed = loop.handedSteps() - before;
        if (loop.strandEngine().equals("virtual")) {
            // each iteration runs ping's step then pong's: at least pong's is handed on by ping's thread
            assertThat(handed).as("steps handed from task to task").isGreaterThanOrEqualTo(rounds);
        } else {
            assertThat(handed).as("a continuation has no thread to hand from").isZero();
        }
    }

    @Test
    void aStopInATaskEndsTheLoopAfterTheIterationAsOnTheLoopsThread() throws Exception {
        try (EventLoop loop = EventLoop.newEventLoop(new VirtualClock())) {
            List<String> seen = new ArrayList<>();
            loop.createTask(() -> {
                for (int i = 0; i < 1000; i++) {
                    seen.add("a" + i);
                    if (i == 3) {
                        loop.stop();
                    }
                    Asyncio.sleep(0);
                }
            });
            loop.createTask(() -> {
                for (int i = 0; i < 1000; i++) {
                    seen.add("b" + i);
                    Asyncio.sleep(0);
                }
            });
            loop.runForever();
            assertThat(seen).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3");
            // Run again: the main task's two steps and the stop its end schedules take three iterations.
            loop.runUntilComplete(() -> Asyncio.sleep(0));
            assertThat(seen.subList(8, seen.size())).containsExactly("a4", "b4", "a5", "b5", "a6", "b6");
        }
    }

    @AsyncTest
    void aTaskThatFailsOrEndsBetweenOthersStepsEndsAsOnTheLoopsThread() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<Integer> ending = Asyncio.createTask(() -> {
            Asyncio.sleep(0);
            seen.add("ending");
            return 42;
        });
        Task<Void> failing = Asyncio.createTask(() -> {
            Asyncio.sleep(0);
            seen.add("failing");
            throw new IllegalStateException("boom");
        });
        Task<Void> yielding = Asyncio.createTask(() -> {
            for (int i = 0; i < 3; i++) {
                seen.add("yielding" + i);
                Asyncio.sleep(0);
            }
        });
        ending.addDoneCallback(f -> seen.add("ending done"));
        failing.addDoneCallback(f -> seen.add("failing done"));
        yielding.await();
        assertThat(ending.result()).isEqualTo(42);
        assertThat(failing.exception())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(seen)
                .containsExactly(
                        "yielding0", "ending", "failing", "yielding1", "ending done", "failing done", "yielding2");
    }

    @AsyncTest
    void wakeUpsByTimersAndFuturesKeepTheirOrder() throws Exception {
        List<String> seen = new ArrayList<>();
        Future<String> signal = Asyncio.getRunningLoop().createFuture();
        Task<Void> waiter = Asyncio.createTask(() -> {
            seen.add("waiter got " + signal.await());
        });
        List<Task<Void>> sleepers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            sleepers.add(Asyncio.createTask(() -> {
                Asyncio.sleep(0.01);
                seen.add("sleeper" + n);
                if (n == 0) {
                    signal.setResult("signal");
                }
                Asyncio.sleep(0);
                seen.add("sleeper" + n + " again");
            }));
        }
        Task<Void> cancelled = Asyncio.createTask(() -> {
            Asyncio.sleep(0.01);
            seen.add("never");
        });
        Asyncio.sleep(0);
        cancelled.cancel();
        for (Task<Void> t : sleepers) {
            t.await();
        }
        waiter.await();
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(seen)
                .containsExactly(
                        "sleeper0",
                        "sleeper1",
                        "sleeper2",
                        "waiter got signal",
                        "sleeper0 again",
                        "sleeper1 again",
                        "sleeper2 again");
    }

    /** Tasks that only yield leave the loop's thread nothing to do but what other threads hand in. */
    @AsyncTest
    void tasksThatOnlyYieldStillRunWhatOtherThreadsHandIn() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        CountDownLatch yielding = new CountDownLatch(1);
        boolean[] handedIn = {false};
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                if (yielding.await(60, TimeUnit.SECONDS)) {
                    loop.callSoonThreadsafe(() -> handedIn[0] = true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Task<Void> partner = Asyncio.createTask(() -> {
            while (!handedIn[0]) {
                Asyncio.sleep(0);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        yielding.countDown();
        while (!handedIn[0] && System.nanoTime() < deadline) {
            Asyncio.sleep(0);
        }
        assertThat(handedIn[0]).isTrue();
        partner.await();
        other.join();
    }

    /**
     * A task whose first step follows the end of another task's body runs, on the virtual engine, on
     * that ended body's thread (no thread made per task: docs/performance.md, Round 6), and finds it
     * as a fresh thread: the ended body's interrupt flag and its task's thread name gone. On the
     * continuation engine both run on the loop's thread, with the same outcome for the flag.
     */
    @AsyncTest
    void aFirstStepAfterAnEndedBodyRunsOnItsThreadWithoutItsInterruptOrName() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Object> seen = new ArrayList<>();
        Task<Void> first = Asyncio.createTask(
                () -> {
                    Thread named = Asyncio.currentTask().strandThread(); // names the thread (virtual engine)
                    seen.add(Thread.currentThread());
                    seen.add(named == null ? "no thread of its own" : named.getName());
                    Thread.currentThread().interrupt();
                },
                "first-task");
        Task<Void> second = Asyncio.createTask(
                () -> {
                    seen.add(Thread.currentThread());
                    seen.add(Thread.currentThread().isInterrupted());
                    seen.add(Thread.currentThread().getName());
                },
                "second-task");
        long before = loop.handedSteps();
        Asyncio.gather(first, second);
        boolean virtual = loop.strandEngine().equals("virtual");
        assertThat(seen.get(1)).isEqualTo(virtual ? "first-task" : "no thread of its own");
        assertThat(seen.get(2)).as("second's thread").isSameAs(seen.get(0));
        assertThat(seen.get(3)).as("second's interrupt flag").isEqualTo(false);
        assertThat(seen.get(4)).as("second's thread name").isNotEqualTo("first-task");
        assertThat(loop.handedSteps() - before)
                .as("second's step handed on by first's thread")
                .isGreaterThanOrEqualTo(virtual ? 1 : 0);
    }

    /**
     * Diagnostics on another thread (the blocking watchdogs) that ask for a task's thread before its
     * first step get none, and change nothing: the task still begins on the thread the baton's holder
     * gives it, on the virtual engine the ended body's, as above (a thread made by the asking thread
     * raced with the holder's, which could leave the task running on a thread its strand refused).
     */
    @AsyncTest
    void askingForANewTasksThreadFromAnotherThreadMakesNoneAndChangesNothing() throws Exception {
        List<Thread> ranOn = new ArrayList<>();
        Task<Void> first = Asyncio.createTask(() -> {
            ranOn.add(Thread.currentThread());
        });
        Task<Void> second = Asyncio.createTask(() -> {
            ranOn.add(Thread.currentThread());
        });
        List<Object> asked = new ArrayList<>();
        Thread diagnostics = Thread.ofPlatform().start(() -> {
            synchronized (asked) {
                asked.add(String.valueOf(first.strandThread()));
                asked.add(String.valueOf(second.strandThread()));
            }
        });
        assertThat(diagnostics.join(java.time.Duration.ofSeconds(60))).isTrue();
        synchronized (asked) {
            assertThat(asked).containsExactly("null", "null");
        }
        Asyncio.gather(first, second);
        assertThat(ranOn).hasSize(2);
        assertThat(ranOn.get(1))
                .as("second's thread: first's, as without the question")
                .isSameAs(ranOn.get(0));
    }

    /**
     * What a body leaves on its thread besides the interrupt flag and the name stays for the task that
     * runs there next, on both engines (docs/design.md rule 3): a thread-local set by the first task is
     * the second's when its first step follows the first's end, as on the continuation engine, where
     * every task runs on the loop's thread. {@code Thread.currentThread()} names no task.
     */
    @AsyncTest
    void aThreadLocalSetByAnEndedBodyIsTheNextFirstStepsOnBothEngines() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        List<String> seen = new ArrayList<>();
        Task<Void> first = Asyncio.createTask(() -> {
            local.set("set by first");
        });
        Task<Void> second = Asyncio.createTask(() -> {
            seen.add(String.valueOf(local.get()));
            local.remove();
        });
        Asyncio.gather(first, second);
        assertThat(seen).containsExactly("set by first");
    }

    /**
     * A body that ended by its cancellation (a {@code CancelledError} out of its sleep) hands its
     * thread on as one that returned does: the next task's first step runs there, neither cancelled
     * nor interrupted, and the cancelled task ends cancelled.
     */
    @AsyncTest
    void aFirstStepAfterABodyEndedByCancellationRunsCleanOnItsThread() throws Exception {
        List<Object> seen = new ArrayList<>();
        Task<Void> first = Asyncio.createTask(() -> {
            seen.add(Thread.currentThread());
            Asyncio.sleep(60);
        });
        Asyncio.sleep(0); // first parked in its sleep
        first.cancel();
        Task<String> second = Asyncio.createTask(() -> {
            seen.add(Thread.currentThread());
            seen.add(Thread.currentThread().isInterrupted());
            Asyncio.sleep(0); // suspends and resumes on that thread
            return "second done";
        });
        assertThat(second.await()).isEqualTo("second done");
        assertThat(first.cancelled()).isTrue();
        assertThat(seen).hasSize(3);
        assertThat(seen.get(2)).as("second's interrupt flag").isEqualTo(false);
        if (Asyncio.getRunningLoop().strandEngine().equals("virtual")) {
            assertThat(seen.get(1)).as("second's thread: cancelled first's").isSameAs(seen.get(0));
        }
    }

    /**
     * The thread that ran an ended body and then the next task's (see above) keeps nothing of the
     * ended task while the next body is parked on it: checked from a callback while the second sleeps.
     */
    @AsyncTest
    void aTaskWhoseThreadRunsTheNextTasksBodyIsCollectableWhileThatBodySleeps() throws Exception {
        List<WeakReference<Task<Void>>> first = new ArrayList<>();
        first.add(createAndDrop());
        Task<Void> second = Asyncio.createTask(() -> Asyncio.sleep(10));
        Asyncio.sleep(1); // both stepped: the first ended, the second sleeps (on the first's thread)
        for (int i = 0; i < 20 && first.get(0).get() != null; i++) {
            System.gc();
        }
        assertThat(first.get(0).get()).as("the ended first task").isNull();
        second.cancel();
        Asyncio.gatherSettled(second);
        assertThat(second.cancelled()).isTrue();
    }

    private static WeakReference<Task<Void>> createAndDrop() {
        byte[] captured = new byte[1 << 20]; // what a body's lambda may hold on to
        return new WeakReference<>(Asyncio.createTask(() -> {
            if (captured.length == 0) {
                throw new AssertionError("never");
            }
        }));
    }
}
