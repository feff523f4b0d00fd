package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import org.jasyncio.Fixtures.LogCapture;
import org.jasyncio.testing.AsyncTest;

/**
 * The loop's selector ({@link IoSelector}): an interrupt of the loop thread does not make every later
 * wait return at once (a busy spin), and the channels one select reports are each dispatched once,
 * minus those a callback of the same batch closed or stopped watching.
 */
class IoSelectorTest {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static Thread loopThread() throws Exception {
        Future<Thread> f = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callSoon(() -> f.setResult(Thread.currentThread()));
        return f.await();
    }

    /**
     * The CPU time the loop burns while this task waits on a 200 ms real-time timer. Spinning burns
     * about 200 ms (less on a busy machine, still far above the bound); blocking in select, almost none.
     */
    private static long cpuNanosOverA200msWait(Thread loop) {
        assumeThat(THREADS.isThreadCpuTimeSupported()).as("thread CPU time measurable").isTrue();
        THREADS.setThreadCpuTimeEnabled(true);
        long t0 = cpuNanos(loop);
        Asyncio.sleep(0.2);
        return cpuNanos(loop) - t0;
    }

    /**
     * The CPU time of the threads running {@code loop}: the loop thread, or, when it is virtual (the
     * virtual-thread engine hosts the loop on one), every carrier thread of the virtual-thread
     * scheduler, since ThreadMXBean measures no virtual thread (it answers -1).
     */
    private static long cpuNanos(Thread loop) {
        if (!loop.isVirtual()) {
            return THREADS.getThreadCpuTime(loop.threadId());
        }
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getClass().getName().equals("jdk.internal.misc.CarrierThread")) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
            }
        }
        assertThat(sum).as("carrier threads found and measured").isPositive();
        return sum;
    }

    // ---- the interrupt flag ----

    @AsyncTest(virtualTime = false)
    void anInterruptFromInsideTheLoopIsClearedAndDoesNotMakeTheLoopSpin() throws Exception {
        Thread loop = loopThread();
        try (LogCapture log = new LogCapture()) {
            // On the continuation engine this task runs on the loop thread: the interrupt is its own.
            loop.interrupt();
            long cpu = cpuNanosOverA200msWait(loop);
            assertThat(cpu).as("loop thread CPU ns over a 200 ms wait").isLessThan(50_000_000L);
            assertThat(loop.isInterrupted()).as("the loop thread's interrupt flag").isFalse();
            assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("interrupted");
        }
    }

    @AsyncTest(virtualTime = false)
    void anInterruptFromALoopCallbackIsClearedAndLoggedOnceAtWarning() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Thread thread = loopThread();
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 3; i++) {
                loop.callSoon(() -> Thread.currentThread().interrupt());
                long cpu = cpuNanosOverA200msWait(thread);
                assertThat(cpu).as("loop thread CPU ns over a 200 ms wait, round " + i).isLessThan(50_000_000L);
            }
            assertThat(thread.isInterrupted()).isFalse();
            assertThat(log.messages(Level.WARNING)).as("warned once, not per interrupt").hasSize(1);
        }
    }

    @AsyncTest(virtualTime = false)
    void anInterruptFromAnotherThreadIsClearedAndDoesNotMakeTheLoopSpin() throws Exception {
        Thread loop = loopThread();
        try (LogCapture log = new LogCapture()) {
            CompletableFuture<Void> interrupted = new CompletableFuture<>();
            Future<Void> done = Asyncio.wrapFuture(interrupted);
            Thread outside = new Thread(() -> {
                loop.interrupt();
                interrupted.complete(null);
            }, "interrupter");
            outside.start();
            done.await();
            outside.join();
            long cpu = cpuNanosOverA200msWait(loop);
            assertThat(cpu).as("loop thread CPU ns over a 200 ms wait").isLessThan(50_000_000L);
            assertThat(loop.isInterrupted()).isFalse();
        }
    }

    // ---- dispatching what one select reports ----

    /** {@code n} pipes, each with one byte waiting in it, so one select reports them all. */
    private static List<Pipe> readablePipes(int n) throws Exception {
        List<Pipe> pipes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pipe p = Pipe.open();
            p.sink().write(ByteBuffer.wrap(new byte[] {(byte) i}));
            pipes.add(p);
        }
        return pipes;
    }

    private static void closeAll(List<Pipe> pipes) throws Exception {
        for (Pipe p : pipes) {
            p.sink().close();
            p.source().close();
        }
    }

    @AsyncTest
    void manyChannelsReadyAtOnceAreEachDispatchedOnce() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        int n = 300; // past the selector's first array of 64, twice over
        List<Pipe> pipes = readablePipes(n);
        try {
            int[] calls = new int[n];
            for (int i = 0; i < n; i++) {
                int k = i;
                Pipe.SourceChannel source = pipes.get(i).source();
                loop.addReader(source, () -> {
                    calls[k]++;
                    loop.removeReader(source);
                });
            }
            for (int round = 0; round < 5; round++) {
                Asyncio.sleep(0);
            }
            for (int i = 0; i < n; i++) {
                assertThat(calls[i]).as("reader %d", i).isEqualTo(1);
            }
        } finally {
            closeAll(pipes);
        }
    }

    @AsyncTest
    void aCallbackThatStopsWatchingAnotherChannelOfTheSameBatchKeepsItsCallbackFromRunning() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Pipe> pipes = readablePipes(2);
        try {
            List<Integer> ran = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int me = i;
                Pipe.SourceChannel other = pipes.get(1 - i).source();
                Pipe.SourceChannel mine = pipes.get(i).source();
                loop.addReader(mine, () -> {
                    ran.add(me);
                    loop.removeReader(other);
                    loop.removeReader(mine);
                });
            }
            for (int round = 0; round < 5; round++) {
                Asyncio.sleep(0);
            }
            assertThat(ran).as("the first reader dispatched removed the other").hasSize(1);
        } finally {
            closeAll(pipes);
        }
    }

    @AsyncTest
    void aCallbackThatClosesAnotherChannelOfTheSameBatchKeepsItsCallbackFromRunning() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Pipe> pipes = readablePipes(2);
        try {
            List<Integer> ran = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int me = i;
                Pipe.SourceChannel other = pipes.get(1 - i).source();
                Pipe.SourceChannel mine = pipes.get(i).source();
                loop.addReader(mine, () -> {
                    ran.add(me);
                    try {
                        other.close(); // cancels its key, reported ready in this same select
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    loop.removeReader(mine);
                });
            }
            for (int round = 0; round < 5; round++) {
                Asyncio.sleep(0);
            }
            assertThat(ran).as("the first reader dispatched closed the other").hasSize(1);
        } finally {
            closeAll(pipes);
        }
    }
}
