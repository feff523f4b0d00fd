package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.Fixtures.now;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.testing.AsyncTest;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md: "Every API that takes a coroutine accepts both a value-returning lambda and a void block
 * lambda". Half of this test is the compiler's: each call below must resolve to the overload named in
 * the variable's type, with no ambiguity, for block lambdas, expression lambdas (with a value, or a
 * call of a void method) and method references. The other half checks that each form runs.
 */
class VoidCoroutineOverloadsTest {
    private final List<String> log = new ArrayList<>();

    private void step(String what) {
        Asyncio.sleep(0.1);
        log.add(what);
    }

    private int answer() {
        Asyncio.sleep(0.1);
        return 42;
    }

    private void voidStep() {
        step("method ref");
    }

    private static void blockingVoid(List<String> into) {
        into.add("blocking");
    }

    @AsyncTest
    void asyncioCreateTaskAcceptsAVoidBlockInEveryOverload() throws Exception {
        Task<Void> a = Asyncio.createTask(() -> {
            Asyncio.sleep(0.1);
            log.add("a");
        });
        Task<Void> b = Asyncio.createTask(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("b");
                },
                "b");
        Task<Void> c = Asyncio.createTask(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("c");
                },
                "c",
                null);
        Task<Integer> v = Asyncio.createTask(() -> 42, "v", null);
        Asyncio.gather(a, b, c, v);
        assertThat(log).as("every void block ran").containsExactly("a", "b", "c");
        assertThat(b.getName()).isEqualTo("b");
        assertThat(c.getName()).isEqualTo("c");
        assertThat(a.result()).as("a void task's value is null").isNull();
        assertThat(v.result()).isEqualTo(42);
    }

    @AsyncTest
    void eventLoopCreateTaskAcceptsAVoidBlockInEveryOverload() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Context context = Context.current().copy();
        Task<Void> a = loop.createTask(() -> {
            Asyncio.sleep(0.1);
            log.add("a");
        });
        Task<Void> b = loop.createTask(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("b");
                },
                "b");
        Task<Void> c = loop.createTask(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("c");
                },
                "c",
                context);
        Task<Integer> v = loop.createTask(() -> 42);
        Task<String> w = loop.createTask(() -> "w", "w");
        Task<Integer> x = loop.createTask(() -> 7, "x", context);
        Asyncio.gather(a, b, c, v, w, x);
        assertThat(log).as("every void block ran").containsExactly("a", "b", "c");
        assertThat(c.getContext()).as("the context given is the task's").isSameAs(context);
        assertThat(List.of(v.result(), w.result(), x.result())).containsExactly(42, "w", 7);
    }

    @AsyncTest
    void waitForAcceptsAVoidBlockWithADurationOrSeconds() throws Exception {
        Asyncio.waitFor(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("duration");
                },
                Duration.ofSeconds(1));
        Asyncio.waitFor(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("seconds");
                },
                1.0);
        int v = Asyncio.waitFor(() -> 42, 1.0);
        int w = Asyncio.waitFor(() -> 43, Duration.ofSeconds(1));
        assertThat(log).containsExactly("duration", "seconds");
        assertThat(v + w).isEqualTo(85);
        assertThat(now()).isEqualTo(0.2);
    }

    @AsyncTest
    void aVoidBlockPastWaitForsTimeoutIsCancelledAndTimesOut() {
        boolean[] cancelled = {false};
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> Asyncio.waitFor(
                () -> {
                    try {
                        Asyncio.sleep(10.0);
                    } catch (CancelledError c) {
                        cancelled[0] = true;
                        throw c;
                    }
                },
                1.0));
        assertThat(e).isInstanceOf(TimeoutError.class);
        assertThat(cancelled[0]).as("the inner block was cancelled").isTrue();
        assertThat(now()).isEqualTo(1.0);
    }

    @AsyncTest
    void shieldAcceptsAVoidBlock() throws Exception {
        Asyncio.shield(() -> {
            Asyncio.sleep(0.1);
            log.add("shielded");
        });
        int v = Asyncio.shield(() -> 42);
        assertThat(log).containsExactly("shielded");
        assertThat(v).isEqualTo(42);
    }

    @AsyncTest
    void gatherSettledAcceptsVoidBlocksAndReportsEachOutcome() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Outcome<Void>> outcomes = Asyncio.gatherSettled(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("ok");
                },
                () -> {
                    Asyncio.sleep(0.1);
                    throw boom;
                });
        assertThat(log).containsExactly("ok");
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).isSuccess()).isTrue();
        assertThat(outcomes.get(0).exceptionOrNull()).isNull();
        assertThat(outcomes.get(1).exceptionOrNull()).isSameAs(boom);
        List<Outcome<Integer>> values = Asyncio.gatherSettled(() -> 1, () -> 2);
        assertThat(values)
                .extracting(o -> {
                    try {
                        return o.getOrThrow();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .containsExactly(1, 2);
    }

    @AsyncTest
    void runCoroutineThreadsafeAcceptsAVoidBlock() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        CompletableFuture<Void> done = Asyncio.runCoroutineThreadsafe(
                () -> {
                    Asyncio.sleep(0.1);
                    log.add("submitted");
                },
                loop);
        CompletableFuture<Integer> value = Asyncio.runCoroutineThreadsafe(() -> 42, loop);
        assertThat((Object) Asyncio.wrapFuture(done).await()).isNull();
        assertThat(Asyncio.wrapFuture(value).await()).isEqualTo(42);
        assertThat(log).containsExactly("submitted");
    }

    @AsyncTest(virtualTime = false)
    void runInExecutorAcceptsABlockingCallWithNoValue() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Future<Void> f = loop.runInExecutor(null, () -> blockingVoid(seen));
        Future<Void> g = loop.runInExecutor(null, () -> {
            seen.add("block");
        });
        Future<Integer> v = loop.runInExecutor(null, () -> 42);
        assertThat((Object) f.await()).isNull();
        assertThat((Object) g.await()).isNull();
        assertThat(v.await()).isEqualTo(42);
        assertThat(seen).containsExactlyInAnyOrder("blocking", "block");
        // toThread has the void form too
        Asyncio.toThread(() -> blockingVoid(seen));
        assertThat(seen).hasSize(3);
    }

    @Test
    void runUntilCompleteAcceptsAVoidBlock() throws Exception {
        try (EventLoop loop = EventLoop.newEventLoop(new VirtualClock())) {
            loop.runUntilComplete(() -> {
                Asyncio.sleep(0.1);
                log.add("ran");
            });
            int v = loop.runUntilComplete(() -> 42);
            assertThat(log).containsExactly("ran");
            assertThat(v).isEqualTo(42);
        }
    }

    @AsyncTest
    void anExpressionLambdaWithAValuePicksTheValueOverload() throws Exception {
        Task<Integer> literal = Asyncio.createTask(() -> 42);
        Task<Integer> call = Asyncio.createTask(() -> answer());
        assertThat(literal.await()).isEqualTo(42);
        assertThat(call.await()).as("() -> answer() keeps answer()'s value").isEqualTo(42);
    }

    @AsyncTest
    void anExpressionLambdaCallingAVoidMethodPicksTheVoidOverload() throws Exception {
        Task<Void> t = Asyncio.createTask(() -> step("expression"));
        Asyncio.waitFor(() -> step("waitFor"), 1.0);
        Asyncio.shield(() -> step("shield"));
        Asyncio.gather(() -> step("gather"));
        Asyncio.gatherSettled(() -> step("gatherSettled"));
        t.await();
        assertThat(log).containsExactlyInAnyOrder("expression", "waitFor", "shield", "gather", "gatherSettled");
    }

    @AsyncTest
    void methodReferencesResolveByTheReferencedMethodsReturnType() throws Exception {
        Task<Void> v = Asyncio.createTask(this::voidStep);
        Task<Integer> n = Asyncio.createTask(this::answer);
        Task<Void> named = Asyncio.getRunningLoop().createTask(this::voidStep, "named");
        assertThat((Object) v.await()).isNull();
        assertThat(n.await()).isEqualTo(42);
        named.await();
        assertThat(log).containsExactly("method ref", "method ref");
    }
}
