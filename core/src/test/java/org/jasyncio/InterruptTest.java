package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jasyncio.net.Connection;
import org.jasyncio.net.Streams;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thread interrupts and the loop (see {@link EventLoop}'s class comment): a task's interrupt flag is
 * its own, kept across its suspensions as a virtual thread keeps it; an interrupt of the loop's own
 * thread is held while the loop runs and restored when it returns. Neither may make the loop spin: an
 * interrupt flag left set on a thread that parks or selects makes every park and select return at once.
 *
 * <p>These tests run on the system clock, because spinning is the subject: each measures the CPU time
 * of the JVM's platform threads (the loop thread, or the carriers of the virtual threads) over 300 ms
 * of wall time in which the loop only waits for a timer. A spinning loop burns most of it; an idle one
 * a few milliseconds. The 50 ms bound is a correctness check with a wide margin, not a speed claim.
 */
class InterruptTest {
    /** A loop that waits on a timer for this long must use far less CPU than {@link #SPINNING}. */
    private static final double IDLE_SECONDS = 0.3;

    private static final Duration SPINNING = Duration.ofMillis(50);

    private EventLoop loop;

    @AfterEach
    void closeTheLoopAndClearThisThreadsFlag() {
        Thread.interrupted(); // whatever a test left, the next one starts clean
        if (loop != null) {
            loop.close();
        }
    }

    /** CPU time so far of every live platform thread: the loop's, or the carriers of virtual threads. */
    private static long platformThreadsCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    /** Sleeps {@link #IDLE_SECONDS} of real time in the current task; returns the CPU time the JVM's threads burnt meanwhile. */
    private static Duration cpuWhileIdle() {
        long cpu0 = platformThreadsCpuNanos();
        Asyncio.sleep(IDLE_SECONDS);
        return Duration.ofNanos(platformThreadsCpuNanos() - cpu0);
    }

    /**
     * Returns once {@code loopThread} blocks in a selector's select: its stack shows the selector's
     * {@code doSelect} twice in a row, 2 ms apart (a select that does not block is over by then).
     * Checks every 2 ms, for at most 10 s; fails otherwise.
     */
    private static void awaitSelecting(Thread loopThread) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int seen = 0;
        while (seen < 2) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        loopThread + " never blocked in select: " + Arrays.toString(loopThread.getStackTrace()));
            }
            LockSupport.parkNanos(2_000_000);
            seen = Arrays.stream(loopThread.getStackTrace())
                            .anyMatch(f -> f.getMethodName().equals("doSelect"))
                    ? seen + 1
                    : 0;
        }
    }

    /** The thread the running loop's callbacks run on (for the continuation engine, its tasks too). */
    private static Thread loopThread() throws Exception {
        Future<Thread> seen = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> seen.setResult(Thread.currentThread()));
        return seen.await();
    }

    @Test
    void aTaskThatInterruptsItselfKeepsItsFlagAndNeitherSpinsTheLoopNorLeaksOutOfIt() throws Exception {
        assertThat(ManagementFactory.getThreadMXBean().isThreadCpuTimeEnabled()).isTrue();
        loop = EventLoop.newEventLoop();
        boolean[] mainSawAnInterrupt = {true};
        Task<?>[] tasks = new Task<?>[2];
        Duration burnt = loop.runUntilComplete(() -> {
            Task<Boolean> selfInterrupting = Asyncio.createTask(
                    () -> {
                        Thread.currentThread().interrupt(); // as `catch (InterruptedException e)` code does
                        Asyncio.sleep(IDLE_SECONDS + 0.2);
                        return Thread.interrupted(); // its own flag, still set after the sleep; cleared now
                    },
                    "self-interrupting");
            Task<Boolean> bystander = Asyncio.createTask(
                    () -> {
                        // A real timer on purpose (the subject, see the class comment): the bystander resumes
                        // from a select that blocked while the self-interrupting task was parked.
                        Asyncio.sleep(0.01);
                        return Thread.currentThread().isInterrupted();
                    },
                    "bystander");
            tasks[0] = selfInterrupting;
            tasks[1] = bystander;
            Asyncio.sleep(
                    0); // one iteration: both tasks have taken their first step; the self-interrupting one is parked,
            // its flag set
            Duration d = cpuWhileIdle();
            mainSawAnInterrupt[0] = Thread.currentThread().isInterrupted();
            Asyncio.gather(selfInterrupting, bystander);
            return d;
        });
        assertThat(burnt)
                .as(
                        "CPU burnt by the JVM's threads in %s s while the loop waited on a timer, a task with"
                                + " its interrupt flag set parked: a flag left on a parking or selecting thread makes it spin",
                        IDLE_SECONDS)
                .isLessThan(SPINNING);
        assertThat(tasks[0].result())
                .as("the task that interrupted itself still sees its flag after a suspension,"
                        + " as code on a virtual thread would")
                .isEqualTo(true);
        assertThat(tasks[1].result())
                .as("another task does not see that task's interrupt")
                .isEqualTo(false);
        assertThat(mainSawAnInterrupt[0]).as("nor does the main task").isFalse();
        assertThat(Thread.interrupted())
                .as("nor the thread that ran the loop, once it returns")
                .isFalse();
    }

    @Test
    void aTaskEndingWithItsFlagSetTakesItWithIt() throws Exception {
        loop = EventLoop.newEventLoop();
        boolean nextSaw = loop.runUntilComplete(() -> {
            Asyncio.createTask(() -> Thread.currentThread().interrupt()).await();
            return Asyncio.createTask(() -> Thread.currentThread().isInterrupted())
                    .await();
        });
        assertThat(nextSaw)
                .as("a task's interrupt flag dies with it, as a virtual thread's does")
                .isFalse();
        assertThat(Thread.interrupted())
                .as("the thread that ran the loop is not interrupted")
                .isFalse();
    }

    @Test
    void anInterruptOfTheLoopThreadFromACallbackIsHeldUntilRunReturnsAndDoesNotSpinTheLoop() throws Exception {
        loop = EventLoop.newEventLoop();
        boolean[] taskSawIt = {true};
        Duration burnt = loop.runUntilComplete(() -> {
            Asyncio.getRunningLoop()
                    .callSoon(() -> Thread.currentThread().interrupt()); // on the loop's thread, in no task
            Asyncio.sleep(0); // one iteration: the callback, scheduled first, has run
            taskSawIt[0] = Thread.currentThread().isInterrupted();
            return cpuWhileIdle();
        });
        assertThat(burnt)
                .as("CPU burnt in %s s by a loop whose thread was interrupted, waiting on a timer", IDLE_SECONDS)
                .isLessThan(SPINNING);
        assertThat(taskSawIt[0])
                .as("a task does not see an interrupt of the loop's thread")
                .isFalse();
        assertThat(Thread.interrupted())
                .as("the loop holds an interrupt of its thread and restores it on the"
                        + " thread that ran it when runUntilComplete returns: never lost, never spun on")
                .isTrue();
    }

    /**
     * A loop without channels whose callbacks are always ready never waits and has nothing to select (a
     * path any shortcut of the iteration for {@code sleep(0)} would take, issue 14); it still takes an
     * interrupt of its thread aside at each iteration, so a callback of a later one does not see it. On
     * the virtual engine a strand whose step ended may begin the next iteration on its own thread, with
     * no poll on the loop's thread: the loop's thread takes the flag aside when the baton comes back.
     */
    @Test
    void anInterruptFromACallbackIsHeldFromTheNextIterationOnAlsoWhenTheLoopHasNoChannel() throws Exception {
        loop = EventLoop.newEventLoop();
        boolean[] laterCallbackSawIt = {true};
        loop.runUntilComplete(() -> {
            EventLoop l = Asyncio.getRunningLoop();
            l.callSoon(() -> {
                Thread.currentThread().interrupt(); // on the loop's thread, in no task
                l.callSoon(() -> laterCallbackSawIt[0] = Thread.currentThread().isInterrupted());
            });
            for (int i = 0; i < 3; i++) {
                Asyncio.sleep(0); // this task is always ready: no iteration waits or selects
            }
            return null;
        });
        assertThat(laterCallbackSawIt[0])
                .as("a callback of the next iteration does not see the loop thread's interrupt")
                .isFalse();
        assertThat(Thread.interrupted())
                .as("the interrupt is held and restored when runUntilComplete returns")
                .isTrue();
    }

    @Test
    void anInterruptOfTheLoopThreadWhileItWaitsIsHeldUntilRunReturnsAndDoesNotSpinTheLoop() throws Exception {
        loop = EventLoop.newEventLoop();
        Duration burnt = loop.runUntilComplete(() -> {
            Thread waiting = loopThread();
            Thread.ofPlatform().name("interrupter").start(() -> {
                awaitSelecting(waiting);
                waiting.interrupt(); // the loop waits in select for the main task's timer
            });
            return cpuWhileIdle();
        });
        assertThat(burnt)
                .as(
                        "CPU burnt in %s s by a loop interrupted from another thread while it waited on" + " a timer",
                        IDLE_SECONDS)
                .isLessThan(SPINNING);
        assertThat(Thread.interrupted())
                .as("an interrupt that woke the loop's wait is held and restored on the"
                        + " thread that ran the loop when runUntilComplete returns (the selector must not drop it)")
                .isTrue();
    }

    @Test
    void onAVirtualClockAnInterruptThatCutsAWaitForIoShortDoesNotCarryTimeToTheTimer() throws Exception {
        // Virtual time follows the real time the loop waits for I/O, and no further: the interrupt ends
        // the select after a few milliseconds, so the 30 s timeout must not fire; the peer answers after.
        loop = EventLoop.newEventLoop(new VirtualClock());
        double[] waited = {-1};
        String got;
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            got = loop.runUntilComplete(() -> {
                Thread waiting = loopThread();
                CountDownLatch reading = new CountDownLatch(1);
                Thread.ofPlatform().daemon().name("peer").start(() -> {
                    try (Socket s = peer.accept()) {
                        if (!reading.await(10, TimeUnit.SECONDS)) {
                            throw new AssertionError("the client never started reading");
                        }
                        awaitSelecting(waiting); // for the line, with the timeout's timer 30 s away
                        waiting.interrupt();
                        long deadline = System.nanoTime() + 10_000_000_000L;
                        while (waiting.isInterrupted()) { // until the loop's select has returned and held it
                            if (System.nanoTime() - deadline > 0) {
                                throw new AssertionError("the loop never took the interrupt");
                            }
                            LockSupport.parkNanos(1_000_000);
                        }
                        awaitSelecting(waiting); // and waits again
                        s.getOutputStream().write("x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        s.getInputStream().read(); // until the client hangs up
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                Connection c = Streams.openConnection("127.0.0.1", peer.getLocalPort());
                double t0 = Asyncio.getRunningLoop().time();
                reading.countDown();
                byte[] line = Asyncio.waitFor(() -> c.reader().readline(), 30);
                waited[0] = Asyncio.getRunningLoop().time() - t0;
                c.writer().close();
                c.writer().waitClosed();
                return new String(line, java.nio.charset.StandardCharsets.UTF_8);
            });
        }
        assertThat(got).isEqualTo("x\n");
        assertThat(waited[0])
                .as("virtual seconds the read took: the real wait, not the timer's 30")
                .isBetween(0.0, 10.0);
        assertThat(Thread.interrupted())
                .as("the interrupt was held and restored")
                .isTrue();
    }
}
