package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.after;
import static org.jasyncio.Fixtures.now;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jasyncio.testing.AsyncTest;

/** {@link Asyncio#asCompleted}: asyncio's {@code as_completed}. */
class AsCompletedTest {
    @AsyncTest
    void yieldsTheFuturesInCompletionOrder() throws Exception {
        var c = after(3.0, "c");
        var a = after(1.0, "a");
        var b = after(2.0, "b");
        List<String> seen = new ArrayList<>();
        for (Task<String> t : Asyncio.asCompleted(List.of(c, a, b))) {
            assertThat(t.done()).isTrue();
            seen.add(t.await() + "@" + now());
        }
        assertThat(seen).containsExactly("a@1.0", "b@2.0", "c@3.0");
    }

    @AsyncTest
    void alreadyDoneFuturesComeFirstInArgumentOrder() throws Exception {
        Future<String> x = Asyncio.getRunningLoop().createFuture();
        Future<String> y = Asyncio.getRunningLoop().createFuture();
        y.setResult("y");
        x.setResult("x");
        Future<String> later = Asyncio.getRunningLoop().createFuture();
        Asyncio.getRunningLoop().callLater(1.0, () -> later.setResult("later"));
        List<String> seen = new ArrayList<>();
        for (Future<String> f : Asyncio.asCompleted(List.of(later, x, y))) {
            seen.add(f.result());
        }
        assertThat(seen).containsExactly("x", "y", "later");
    }

    @AsyncTest
    void failuresAreYieldedNotThrownUntilAwaited() throws Exception {
        var ok = after(2.0, "ok");
        Task<String> bad = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0);
            throw new IllegalStateException("bad");
        });
        Iterator<Task<String>> it = Asyncio.asCompleted(List.of(ok, bad)).iterator();
        Task<String> first = it.next();
        assertThat(first).isSameAs(bad);
        assertThatThrownBy(first::await).hasMessage("bad");
        assertThat(it.next().await()).isEqualTo("ok");
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @AsyncTest
    void timeoutCoversTheWholeIterationAndThrowsTimeoutError() throws Exception {
        var a = after(1.0, "a");
        var b = after(2.0, "b");
        var c = after(10.0, "c");
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
                    for (Task<String> t : Asyncio.asCompleted(List.of(a, b, c), Duration.ofSeconds(3))) {
                        seen.add(t.await());
                    }
                })
                .isInstanceOf(TimeoutError.class)
                .hasMessageContaining("1 futures still pending");
        assertThat(seen).containsExactly("a", "b");
        assertThat(now())
                .as("the deadline counts from the call, not from each next()")
                .isEqualTo(3.0);
        assertThat(c.cancelled()).as("as_completed cancels nothing on timeout").isFalse();
        assertThat(Asyncio.currentTask().cancelling()).isZero();
        assertThat(c.await()).isEqualTo("c");
    }

    private static void unretrievedControl() {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setException(new IllegalStateException("control"));
    }

    @AsyncTest
    void aCancelAtTheDeadlineWinsAndLeavesNoUnretrievedError() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        ExceptionHandler previous = loop.getExceptionHandler();
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        try {
            var slow = after(10.0, "slow");
            Task<Void> consumer = Asyncio.createTask(() -> {
                for (Task<String> t : Asyncio.asCompleted(List.of(slow), Duration.ofSeconds(2))) {
                    t.await();
                }
            });
            Asyncio.sleep(0); // the consumer's deadline timer is scheduled before the cancel below
            loop.callAt(2.0, () -> consumer.cancel("cancelled at the deadline"));
            assertThatThrownBy(consumer::await)
                    .isInstanceOf(CancelledError.class)
                    .isNotInstanceOf(TimeoutError.class);
            slow.cancel();
            // An error left in an internal future would be reported when it is collected. A control
            // future made unreachable afterwards proves the collection and its reports happened.
            unretrievedControl();
            for (int i = 0; i < 200 && reports.isEmpty(); i++) {
                System.gc();
                Asyncio.toThread(() -> null); // a real round trip: lets the cleaner thread report
            }
            assertThat(reports).extracting(ctx -> ctx.exception().getMessage()).containsExactly("control");
        } finally {
            loop.setExceptionHandler(previous);
        }
    }

    @AsyncTest
    void aTimeoutThatDoesNotFireLeavesNoTimerBehind() throws Exception {
        var a = after(1.0, "a");
        for (Task<String> t : Asyncio.asCompleted(List.of(a), Duration.ofSeconds(30))) {
            assertThat(t.await()).isEqualTo("a");
        }
        assertThat(Asyncio.getRunningLoop().timerCount()).isZero();
    }

    @AsyncTest
    void emptyInputYieldsNothing() {
        assertThat(Asyncio.asCompleted(List.<Future<String>>of())).isEmpty();
    }

    @AsyncTest
    void cancellingTheConsumerWhileItWaitsDoesNotCancelTheFutures() throws Exception {
        var a = after(5.0, "a");
        Task<Void> consumer = Asyncio.createTask(() -> {
            for (Task<String> t : Asyncio.asCompleted(List.of(a))) {
                t.await();
            }
        });
        Asyncio.sleep(1.0);
        consumer.cancel();
        assertThatThrownBy(consumer::await).isInstanceOf(CancelledError.class);
        assertThat(a.cancelled()).isFalse();
        assertThat(a.await()).isEqualTo("a");
    }
}
