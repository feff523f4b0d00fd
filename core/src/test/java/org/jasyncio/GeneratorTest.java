package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jasyncio.testing.AsyncTest;
import org.junit.jupiter.api.Test;

/** {@link Asyncio#generator}: Python's async generators. */
class GeneratorTest {
    private static Generator<Integer> countTo(int n, List<String> log) {
        return Asyncio.generator(emit -> {
            log.add("started");
            try {
                for (int i = 1; i <= n; i++) {
                    Asyncio.sleep(1.0);
                    log.add("emit " + i);
                    emit.yield(i);
                }
            } finally {
                log.add("finally");
            }
        });
    }

    @AsyncTest
    void yieldsTheValuesInOrderAndMaySuspendBetweenThem() {
        List<String> log = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        try (Generator<Integer> g = countTo(3, log)) {
            for (int i : g) {
                seen.add(i);
                assertThat(now()).isEqualTo((double) i);
            }
            assertThat(g.state()).isEqualTo(Generator.State.EXHAUSTED);
        }
        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(log).containsExactly("started", "emit 1", "emit 2", "emit 3", "finally");
    }

    @AsyncTest
    void itIsLazyTheBodyStartsAtTheFirstRequestAndRunsOneItemAhead() {
        List<String> log = new ArrayList<>();
        try (Generator<Integer> g = countTo(3, log)) {
            Asyncio.sleep(5.0);
            assertThat(log).as("nothing runs before the first hasNext()").isEmpty();
            assertThat(g.state()).isEqualTo(Generator.State.CREATED);
            Iterator<Integer> it = g.iterator();
            assertThat(it.next()).isEqualTo(1);
            Asyncio.sleep(5.0);
            assertThat(log)
                    .as("the body waits at its yield until the next item is asked for")
                    .containsExactly("started", "emit 1");
            assertThat(it.next()).isEqualTo(2);
            assertThat(g.state()).isEqualTo(Generator.State.ACTIVE);
        }
    }

    @AsyncTest
    void hasNextIsIdempotent() {
        List<String> log = new ArrayList<>();
        try (Generator<Integer> g = countTo(2, log)) {
            Iterator<Integer> it = g.iterator();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.next()).isEqualTo(1);
            assertThat(it.next()).isEqualTo(2);
            assertThat(it.hasNext()).isFalse();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
            assertThat(g.iterator())
                    .as("iterable once, like an async generator")
                    .isSameAs(it);
        }
    }

    @AsyncTest
    void breakingOutAndClosingRunsTheProducersFinally() {
        List<String> log = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        Generator<Integer> gen;
        try (Generator<Integer> g = countTo(100, log)) {
            gen = g;
            for (int i : g) {
                seen.add(i);
                if (i == 2) {
                    break;
                }
            }
        }
        assertThat(seen).containsExactly(1, 2);
        assertThat(log).containsExactly("started", "emit 1", "emit 2", "finally");
        assertThat(gen.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(gen.iterator().hasNext()).isFalse();
        assertThat(Asyncio.allTasks()).as("the producer has ended").containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void closeWaitsForAProducerWhoseFinallySuspends() {
        List<String> log = new ArrayList<>();
        try (Generator<String> g = Asyncio.generator(emit -> {
            try {
                emit.yield("a");
                emit.yield("b");
            } finally {
                Asyncio.sleep(2.0);
                log.add("slow cleanup done");
            }
        })) {
            assertThat(g.iterator().next()).isEqualTo("a");
        }
        assertThat(log).containsExactly("slow cleanup done");
        assertThat(now()).isEqualTo(2.0);
    }

    @AsyncTest
    void theProducersExceptionReachesTheConsumerUnchanged() {
        IOException boom = new IOException("boom");
        List<Integer> seen = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Generator<Integer>> gen =
                new java.util.concurrent.atomic.AtomicReference<>();
        Throwable e = catchThrowable(() -> {
            try (Generator<Integer> g = Asyncio.generator(emit -> {
                emit.yield(1);
                Asyncio.sleep(1.0);
                throw boom;
            })) {
                gen.set(g);
                for (int i : g) {
                    seen.add(i);
                }
            }
        });
        assertThat(e).isSameAs(boom);
        assertThat(seen).containsExactly(1);
        assertThat(gen.get().state()).isEqualTo(Generator.State.EXHAUSTED);
    }

    @AsyncTest
    void closingAGeneratorThatNeverStartedNeverRunsItsBody() {
        boolean[] ran = {false};
        Generator<String> g = Asyncio.generator(emit -> {
            ran[0] = true;
            emit.yield("x");
        });
        g.close();
        g.close(); // idempotent
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(g.iterator().hasNext()).isFalse();
        assertThat(ran[0]).isFalse();
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void anEmptyGenerator() {
        try (Generator<String> g = Asyncio.generator(emit -> {})) {
            assertThat(g).isEmpty();
            assertThat(g.state()).isEqualTo(Generator.State.EXHAUSTED);
        }
    }

    @AsyncTest
    void cancellingTheConsumerWhileItWaitsCancelsTheProducerAndCloseWaitsForIt() {
        List<String> log = new ArrayList<>();
        Task<Void> consumer = Asyncio.createTask(() -> {
            try (Generator<Integer> g = Asyncio.generator(emit -> {
                try {
                    emit.yield(1);
                    Asyncio.sleep(10.0);
                    emit.yield(2);
                } catch (CancelledError c) {
                    log.add("producer cancelled at " + now());
                    Asyncio.sleep(1.0);
                    log.add("producer cleaned up at " + now());
                    throw c;
                }
            })) {
                for (int i : g) {
                    log.add("got " + i);
                }
            } finally {
                log.add("consumer done at " + now());
            }
        });
        Asyncio.getRunningLoop().callLater(2.0, () -> consumer.cancel());
        assertThatThrownBy(consumer::await).isInstanceOf(CancelledError.class);
        assertThat(log)
                .containsExactly(
                        "got 1", "producer cancelled at 2.0", "producer cleaned up at 3.0", "consumer done at 3.0");
        assertThat(Asyncio.allTasks()).containsExactly(Asyncio.currentTask());
    }

    @AsyncTest
    void closeWhileATaskWaitsInHasNextIsRefusedAsPythonsAcloseIs() throws Exception {
        List<String> log = new ArrayList<>();
        Generator<Integer> g = countTo(2, log);
        Task<Boolean> consumer = Asyncio.createTask(() -> g.iterator().hasNext());
        Asyncio.sleep(0.5); // the body sleeps 1 s before its first item: the consumer waits for it
        assertThatThrownBy(g::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("<Generator active body=")
                .hasMessageContaining(".close() while " + consumer + " waits in hasNext() for its next item")
                .hasMessageContaining("asynchronous generator is already running");
        assertThat(g.state()).as("the refused close() changed nothing").isEqualTo(Generator.State.ACTIVE);
        assertThat(consumer.await())
                .as("the consumer gets its item, as in Python")
                .isTrue();
        assertThat(g.iterator().next()).isEqualTo(1);
        g.close();
        assertThat(g.state()).isEqualTo(Generator.State.CLOSED);
        assertThat(log).containsExactly("started", "emit 1", "finally");
    }

    @AsyncTest
    void aBodyCancelledFromOutsideEndsTheIterationWithCancelledError() {
        List<String> log = new ArrayList<>();
        Task<?>[] producer = {null};
        Throwable e = catchThrowable(() -> {
            try (Generator<Integer> g = Asyncio.generator(emit -> {
                producer[0] = Asyncio.currentTask();
                emit.yield(1);
                emit.yield(2);
            })) {
                for (int i : g) {
                    log.add("got " + i);
                    producer[0].cancel("shutdown"); // e.g. a "cancel every task" sweep
                    Asyncio.sleep(0);
                }
            }
        });
        assertThat(log).containsExactly("got 1");
        assertThat(e)
                .as("the consumer learns that the body ended cancelled, not an internal error")
                .isInstanceOf(CancelledError.class)
                .hasMessage("shutdown");
    }

    @AsyncTest
    @SuppressWarnings("finally")
    void anExceptionFromTheBodysCleanupOnCloseReachesTheCloser() {
        IllegalStateException cleanup = new IllegalStateException("cleanup failed");
        Throwable e = catchThrowable(() -> {
            try (Generator<Integer> g = Asyncio.generator(emit -> {
                try {
                    emit.yield(1);
                    emit.yield(2);
                } finally {
                    throw cleanup;
                }
            })) {
                assertThat(g.iterator().next()).isEqualTo(1);
            }
        });
        assertThat(e)
                .as("as Python's aclose(): the body's exception is not dropped")
                .isSameAs(cleanup);
    }

    @AsyncTest
    void aTimeoutErrorInsideTheBodyReachesTheConsumerAsItself() {
        Throwable e = catchThrowable(() -> {
            try (Generator<Integer> g = Asyncio.generator(emit -> {
                try (var t = Asyncio.timeout(1.0)) {
                    Asyncio.sleep(5.0);
                }
            })) {
                g.iterator().hasNext();
            }
        });
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void yieldFromAnotherTaskIsRefused() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Generator.Emitter<String>> leaked =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (Generator<String> g = Asyncio.generator(emit -> {
            leaked.set(emit);
            emit.yield("first");
        })) {
            assertThat(g.iterator().next()).isEqualTo("first");
            assertThatThrownBy(() -> leaked.get().yield("intruder"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("emit.yield() must be called by the generator's own body");
        }
    }

    @AsyncTest
    void toStringShowsTheState() {
        Generator<String> g = Asyncio.generator(emit -> emit.yield("x"));
        assertThat(g.toString()).startsWith("<Generator created");
        g.close();
        assertThat(g.toString()).startsWith("<Generator closed");
    }

    @Test
    void asyncioRunClosesLeftoverGeneratorsAndTheirFinallyMaySuspend() throws Exception {
        List<String> log = new ArrayList<>();
        Integer first = Asyncio.run(
                () -> {
                    Generator<Integer> g = Asyncio.generator(emit -> {
                        try {
                            for (int i = 1; ; i++) {
                                emit.yield(i);
                            }
                        } finally {
                            Asyncio.sleep(1.0);
                            log.add("generator finally ran at "
                                    + Asyncio.getRunningLoop().time());
                        }
                    });
                    return g.iterator().next(); // never closed by the program
                },
                RunOptions.defaults().withVirtualClock());
        assertThat(first).isEqualTo(1);
        assertThat(log).containsExactly("generator finally ran at 1.0");
    }

    @Test
    void asyncioRunClosesAGeneratorThatWasNeverIterated() throws Exception {
        List<String> log = new ArrayList<>();
        Asyncio.run(
                () -> {
                    Asyncio.generator(emit -> log.add("body ran"));
                },
                RunOptions.defaults().withVirtualClock());
        assertThat(log)
                .as("a generator never started is closed without running its body")
                .isEmpty();
    }
}
