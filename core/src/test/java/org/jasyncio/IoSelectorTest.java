package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.testing.AsyncTest;

/**
 * The loop's selector ({@link IoSelector}): the channels one select reports are each dispatched once,
 * minus those a callback of the same batch closed or stopped watching. (Interrupts of the loop
 * thread, which would make every select return at once: {@link InterruptTest}.)
 */
class IoSelectorTest {
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

    /**
     * A loop with no channel has nothing to select while callbacks are ready, and skips the selector (a
     * shortcut of the {@code sleep(0)} path, issue 14): the first channel watched must end that, so a busy
     * task's {@code sleep(0)} still lets I/O in at each iteration.
     */
    @AsyncTest
    void theFirstChannelWatchedWhileTasksAreReadyIsSelectedInTheNextIteration() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<Pipe> pipes = readablePipes(1);
        try {
            Pipe.SourceChannel source = pipes.get(0).source();
            int[] calls = {0};
            Asyncio.sleep(0); // an iteration with nothing registered: no select
            assertThat(calls[0]).isZero();
            loop.addReader(source, () -> {
                calls[0]++;
                loop.removeReader(source);
            });
            Asyncio.sleep(0); // one iteration, never blocking (this task is ready): it selects, the byte waits
            assertThat(calls[0])
                    .as("the reader of a readable channel, after one sleep(0)")
                    .isEqualTo(1);
        } finally {
            closeAll(pipes);
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

    /** What a reader of two pipes ready in the same select does to the other pipe, {@code other}. */
    private interface ToTheOther {
        void apply(EventLoop loop, Pipe.SourceChannel other) throws Exception;
    }

    /**
     * Two pipes ready at once, each with a reader that records itself, does {@code action} to the
     * other pipe and stops watching its own; returns the readers that ran, in order.
     */
    private static List<Integer> twoReadersEachDoing(ToTheOther action) throws Exception {
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
                        action.apply(loop, other);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    loop.removeReader(mine);
                });
            }
            for (int round = 0; round < 5; round++) {
                Asyncio.sleep(0);
            }
            return ran;
        } finally {
            closeAll(pipes);
        }
    }

    @AsyncTest
    void aCallbackThatStopsWatchingAnotherChannelOfTheSameBatchKeepsItsCallbackFromRunning() throws Exception {
        assertThat(twoReadersEachDoing((loop, other) -> loop.removeReader(other)))
                .as("the first reader dispatched removed the other")
                .hasSize(1);
    }

    @AsyncTest
    void aCallbackThatClosesAnotherChannelOfTheSameBatchKeepsItsCallbackFromRunning() throws Exception {
        // Closing cancels the other's key, reported ready in this same select.
        assertThat(twoReadersEachDoing((loop, other) -> other.close()))
                .as("the first reader dispatched closed the other")
                .hasSize(1);
    }
}
