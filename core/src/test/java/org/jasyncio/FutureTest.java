package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.jasyncio.testing.AsyncTest;

/** {@link Future}: asyncio's {@code Future} API, callbacks, and the report of unretrieved exceptions. */
class FutureTest {
    private static <T> Future<T> newFuture() {
        return Asyncio.getRunningLoop().createFuture();
    }

    @AsyncTest
    void aPendingFutureHasNoResultNorException() {
        Future<String> f = newFuture();
        assertThat(f.done()).isFalse();
        assertThat(f.state()).isEqualTo(Future.State.PENDING);
        assertThatThrownBy(f::result).isInstanceOf(InvalidStateError.class).hasMessageContaining("not set yet");
        assertThatThrownBy(f::exception).isInstanceOf(InvalidStateError.class).hasMessageContaining("not set yet");
        assertThat(f.getLoop()).isSameAs(Asyncio.getRunningLoop());
        assertThat(f.toString()).isEqualTo("<Future pending>");
    }

    @AsyncTest
    void setResult() throws Exception {
        Future<String> f = newFuture();
        f.setResult("v");
        assertThat(f.done()).isTrue();
        assertThat(f.cancelled()).isFalse();
        assertThat(f.state()).isEqualTo(Future.State.FINISHED);
        assertThat(f.result()).isEqualTo("v");
        assertThat(f.exception()).isNull();
        assertThat(f.await()).as("await() of a done future returns at once").isEqualTo("v");
        assertThat(f.toString()).isEqualTo("<Future finished result=v>");
    }

    @AsyncTest
    void setExceptionIsRethrownUnchanged() {
        IOException boom = new IOException("boom");
        Future<String> f = newFuture();
        f.setException(boom);
        assertThat(f.exception()).isSameAs(boom);
        assertThatThrownBy(f::result).isSameAs(boom);
        assertThatThrownBy(f::await).isSameAs(boom);
        assertThat(f.toString()).contains("finished exception=java.io.IOException: boom");
    }

    @AsyncTest
    void aFutureIsSetOnlyOnce() {
        Future<String> f = newFuture();
        f.setResult("first");
        assertThatThrownBy(() -> f.setResult("second"))
                .isInstanceOf(InvalidStateError.class)
                .hasMessageContaining("already done");
        assertThatThrownBy(() -> f.setException(new IOException())).isInstanceOf(InvalidStateError.class);
        assertThat(f.cancel()).isFalse();
        Future<String> c = newFuture();
        c.cancel();
        assertThatThrownBy(() -> c.setResult("late")).isInstanceOf(InvalidStateError.class);
    }

    @AsyncTest
    void setExceptionRefusesAPlainCancelledErrorButTakesATimeoutError() {
        Future<String> f = newFuture();
        assertThatThrownBy(() -> f.setException(new CancelledError("no")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cancel()");
        assertThat(f.done()).isFalse();
        f.setException(new TimeoutError("slow"));
        assertThat(f.exception()).isInstanceOf(TimeoutError.class);
        assertThat(f.cancelled()).isFalse();
    }

    @AsyncTest
    void cancelWithAMessage() {
        Future<String> f = newFuture();
        assertThat(f.cancel("why")).isTrue();
        assertThat(f.cancel("again")).isFalse();
        assertThat(f.cancelled()).isTrue();
        assertThat(f.done()).isTrue();
        assertThat(f.state()).isEqualTo(Future.State.CANCELLED);
        assertThatThrownBy(f::result).isInstanceOf(CancelledError.class).hasMessage("why");
        assertThatThrownBy(f::exception).isInstanceOf(CancelledError.class).hasMessage("why");
        assertThatThrownBy(f::await).isInstanceOf(CancelledError.class).hasMessage("why");
        assertThat(f.toString()).isEqualTo("<Future cancelled>");
    }

    @AsyncTest
    void callbacksAreScheduledWithCallSoonInTheOrderAdded() {
        Future<String> f = newFuture();
        List<String> log = new ArrayList<>();
        f.addDoneCallback(x -> log.add("first saw " + x.state()));
        f.addDoneCallback(x -> log.add("second"));
        assertThat(f.toString()).contains("callbacks=2");
        f.setResult("v");
        assertThat(log).as("callbacks never run inside setResult()").isEmpty();
        Asyncio.sleep(0);
        assertThat(log).containsExactly("first saw FINISHED", "second");
    }

    @AsyncTest
    void aCallbackAddedToADoneFutureIsScheduledSoonNotCalledAtOnce() {
        Future<String> f = newFuture();
        f.setResult("v");
        List<Future<String>> seen = new ArrayList<>();
        f.addDoneCallback(seen::add);
        assertThat(seen).isEmpty();
        Asyncio.sleep(0);
        assertThat(seen).containsExactly(f);
    }

    @AsyncTest
    void callbacksRunOnCancellationToo() {
        Future<String> f = newFuture();
        List<Boolean> seen = new ArrayList<>();
        f.addDoneCallback(x -> seen.add(x.cancelled()));
        f.cancel();
        Asyncio.sleep(0);
        assertThat(seen).containsExactly(true);
    }

    @AsyncTest
    void removeDoneCallbackRemovesEveryRegistrationAndCountsThem() {
        Future<String> f = newFuture();
        List<String> log = new ArrayList<>();
        Consumer<Future<String>> a = x -> log.add("a");
        Consumer<Future<String>> b = x -> log.add("b");
        f.addDoneCallback(a);
        f.addDoneCallback(b);
        f.addDoneCallback(a);
        assertThat(f.removeDoneCallback(a)).isEqualTo(2);
        assertThat(f.removeDoneCallback(a)).isZero();
        f.setResult("v");
        Asyncio.sleep(0);
        assertThat(log).containsExactly("b");
        assertThat(f.removeDoneCallback(b))
                .as("nothing to remove once scheduled")
                .isZero();
    }

    @AsyncTest
    void aFailingCallbackIsReportedAndTheOthersStillRun() {
        EventLoop loop = Asyncio.getRunningLoop();
        ExceptionHandler previous = loop.getExceptionHandler();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        try {
            Future<String> f = newFuture();
            List<String> log = new ArrayList<>();
            f.addDoneCallback(x -> {
                throw new IllegalStateException("callback failed");
            });
            f.addDoneCallback(x -> log.add("second ran"));
            f.setResult("v");
            Asyncio.sleep(0);
            assertThat(log).containsExactly("second ran");
            assertThat(reports).singleElement().satisfies(ctx -> {
                assertThat(ctx.exception()).hasMessage("callback failed");
                assertThat(ctx.message()).startsWith("Exception in callback");
                assertThat(ctx.handle()).isNotNull();
            });
        } finally {
            loop.setExceptionHandler(previous);
        }
    }

    @AsyncTest
    void toCompletableFutureMirrorsTheOutcome() throws Exception {
        Future<String> ok = newFuture();
        CompletableFuture<String> okCf = ok.toCompletableFuture();
        assertThat(okCf.isDone()).isFalse();
        ok.setResult("v");
        Asyncio.sleep(0);
        assertThat(okCf.getNow("not yet")).isEqualTo("v");

        IOException boom = new IOException("boom");
        Future<String> bad = newFuture();
        CompletableFuture<String> badCf = bad.toCompletableFuture();
        bad.setException(boom);
        Asyncio.sleep(0);
        Throwable joined = catchThrowable(badCf::join);
        assertThat(joined).isInstanceOf(CompletionException.class);
        assertThat(joined.getCause()).isSameAs(boom);

        Future<String> cancelled = newFuture();
        CompletableFuture<String> cancelledCf = cancelled.toCompletableFuture();
        cancelled.cancel("gone");
        Asyncio.sleep(0);
        assertThat(catchThrowable(cancelledCf::join)).hasCauseInstanceOf(CancelledError.class);
    }

    @AsyncTest
    void cancellingTheCompletableFutureDoesNotCancelTheFuture() {
        Future<String> f = newFuture();
        f.toCompletableFuture().cancel(true);
        Asyncio.sleep(0);
        assertThat(f.cancelled()).isFalse();
        assertThat(f.done()).isFalse();
    }

    @AsyncTest
    void awaitOutsideATaskIsRefused() throws Exception {
        Future<String> f = newFuture();
        Future<Object> seen = newFuture();
        Asyncio.getRunningLoop().callSoon(() -> {
            try {
                f.await();
                seen.setResult("no error");
            } catch (Throwable e) {
                seen.setResult(e);
            }
        });
        assertThat(seen.await())
                .isInstanceOf(IllegalStateException.class)
                .asString()
                .contains("await() suspends")
                .contains("outside any task");
    }

    @AsyncTest
    void awaitOnADoneFutureOutsideATaskIsRefusedToo() throws Exception {
        Future<String> done = newFuture();
        done.setResult("x");
        assertThat(Fixtures.thrownInALoopCallback(done::await))
                .as("await() of a done future in a loop callback")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await() suspends")
                .hasMessageContaining("in a callback of");
        assertThat(Fixtures.thrownOnAThreadWithoutALoop(done::await))
                .as("await() of a done future on a plain thread")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("await() suspends")
                .hasMessageContaining("which runs no event loop");
        assertThat(done.result())
                .as("result() is the way to read a done future anywhere")
                .isEqualTo("x");
        assertThat(done.await()).as("inside a task it returns at once").isEqualTo("x");
    }

    // ---- unretrieved exceptions, reported when the future is garbage collected ----

    /** Collects reports; completes {@code first} at the first one whose message contains {@code marker}. */
    private record Reports(List<ExceptionContext> all, Future<ExceptionContext> matched) {}

    private static Reports collectReports(String marker) {
        List<ExceptionContext> all = new ArrayList<>();
        Future<ExceptionContext> matched = newFuture();
        Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> {
            all.add(ctx);
            if (!matched.done() && String.valueOf(ctx.message()).contains(marker)
                    || !matched.done()
                            && ctx.exception() != null
                            && String.valueOf(ctx.exception().getMessage()).contains(marker)) {
                matched.setResult(ctx);
            }
        });
        return new Reports(all, matched);
    }

    /** Runs the GC until {@code f} is done, waiting for the report at most ~10 s (no fixed sleep). */
    private static <T> T gcUntil(Future<T> f) throws Exception {
        for (int i = 0; i < 200 && !f.done(); i++) {
            System.gc();
            Asyncio.wait(List.of(f), Duration.ofMillis(50), ReturnWhen.ALL_COMPLETED);
        }
        assertThat(f.done()).as("no report arrived after 200 collections").isTrue();
        return f.result();
    }

    private static void failingTaskNobodyAwaits(String name, String message) {
        Task<?> t = Asyncio.createTask(
                () -> {
                    throw new IllegalStateException(message);
                },
                name);
        Asyncio.wait(List.of(t)); // done, exception not retrieved; the reference dies with this frame
    }

    private static void failingFutureNobodyReads(String message) {
        Future<String> f = newFuture();
        f.setException(new IllegalStateException(message));
    }

    @AsyncTest(virtualTime = false)
    void anUnretrievedTaskExceptionIsReportedWhenTheTaskIsCollected() throws Exception {
        ExceptionHandler previous = Asyncio.getRunningLoop().getExceptionHandler();
        try {
            Reports reports = collectReports("lost-in-task");
            failingTaskNobodyAwaits("forgotten-task", "lost-in-task");
            ExceptionContext ctx = gcUntil(reports.matched());
            assertThat(ctx.message())
                    .contains("Task exception was never retrieved")
                    .contains("forgotten-task");
            assertThat(ctx.exception())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("lost-in-task");
        } finally {
            Asyncio.getRunningLoop().setExceptionHandler(previous);
        }
    }

    @AsyncTest(virtualTime = false)
    void anUnretrievedFutureExceptionIsReportedWhenTheFutureIsCollected() throws Exception {
        ExceptionHandler previous = Asyncio.getRunningLoop().getExceptionHandler();
        try {
            Reports reports = collectReports("lost-in-future");
            failingFutureNobodyReads("lost-in-future");
            ExceptionContext ctx = gcUntil(reports.matched());
            assertThat(ctx.message()).contains("Future exception was never retrieved");
        } finally {
            Asyncio.getRunningLoop().setExceptionHandler(previous);
        }
    }

    private static void failuresThatWereRetrieved() throws Exception {
        Task<?> awaited = Asyncio.createTask(() -> {
            throw new IllegalStateException("retrieved-1");
        });
        catchThrowable(awaited::await);
        Future<String> read = newFuture();
        read.setException(new IllegalStateException("retrieved-2"));
        read.exception();
        // gather throws the first failure; asyncio counts a later one as retrieved too
        Task<?> first = Asyncio.createTask(() -> {
            Asyncio.sleep(0);
            throw new IllegalStateException("retrieved-3");
        });
        Task<?> second = Asyncio.createTask(() -> {
            Asyncio.sleep(0);
            Asyncio.sleep(0);
            throw new IllegalStateException("retrieved-4");
        });
        catchThrowable(() -> Asyncio.gather(first, second));
        Asyncio.wait(List.of(second));
        Asyncio.sleep(0); // gather's callback for the second failure runs
        // a child failing while gatherSettled's waiter is being cancelled: the waiter let go of it
        Task<?> failsOnCancel = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(10.0);
            } catch (CancelledError e) {
                throw new IllegalStateException("retrieved-5");
            }
        });
        Task<?> waiter = Asyncio.createTask(() -> Asyncio.gatherSettled(failsOnCancel));
        Asyncio.sleep(0);
        waiter.cancel();
        catchThrowable(waiter::await);
    }

    @AsyncTest(virtualTime = false)
    void retrievedExceptionsAreNotReported() throws Exception {
        ExceptionHandler previous = Asyncio.getRunningLoop().getExceptionHandler();
        try {
            Reports reports = collectReports("control");
            failuresThatWereRetrieved();
            failingFutureNobodyReads("control"); // made unreachable last: its report proves the GC ran
            gcUntil(reports.matched());
            for (int i = 0; i < 3; i++) { // a few more rounds for reports queued behind the control
                System.gc();
                Asyncio.toThread(() -> null); // a real round trip, no fixed sleep
            }
            assertThat(reports.all())
                    .extracting(ctx -> ctx.exception().getMessage())
                    .containsExactly("control");
        } finally {
            Asyncio.getRunningLoop().setExceptionHandler(previous);
        }
    }
}
