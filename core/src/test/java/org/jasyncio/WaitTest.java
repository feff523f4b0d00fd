package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.after;
import static org.jasyncio.Fixtures.now;

import java.time.Duration;
import java.util.List;
import org.jasyncio.testing.AsyncTest;

/** {@link Asyncio#wait}: asyncio's {@code wait}, with its three {@link ReturnWhen}s and a timeout. */
class WaitTest {
    private static Task<String> failAfter(double seconds, String message) {
        return Asyncio.createTask(() -> {
            Asyncio.sleep(seconds);
            throw new IllegalStateException(message);
        });
    }

    @AsyncTest
    void allCompletedWaitsForEveryFutureAndRaisesNothing() {
        var a = after(1.0, "a");
        var b = failAfter(2.0, "b failed");
        var c = after(3.0, "c");
        Done<Task<String>> d = Asyncio.wait(List.of(a, b, c));
        assertThat(now()).isEqualTo(3.0);
        assertThat(d.done()).containsExactly(a, b, c);
        assertThat(d.pending()).isEmpty();
        assertThat(b.exception())
                .as("wait() does not raise a future's exception")
                .hasMessage("b failed");
    }

    @AsyncTest
    void firstCompletedReturnsAtTheFirstDoneFutureAndCancelsNothing() throws Exception {
        var a = after(3.0, "a");
        var b = after(1.0, "b");
        var c = after(2.0, "c");
        Done<Task<String>> d = Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_COMPLETED);
        assertThat(now()).isEqualTo(1.0);
        assertThat(d.done()).containsExactly(b);
        assertThat(d.pending()).as("pending keeps the argument order").containsExactly(a, c);
        assertThat(a.cancelled() || c.cancelled()).as("wait() cancels nothing").isFalse();
        assertThat(Asyncio.gather(a, c)).containsExactly("a", "c");
    }

    @AsyncTest
    void firstCompletedCountsACancellationAsCompletion() {
        var a = after(3.0, "a");
        var b = after(5.0, "b");
        Asyncio.getRunningLoop().callLater(1.0, () -> b.cancel());
        Done<Task<String>> d = Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED);
        assertThat(now()).isEqualTo(1.0);
        assertThat(d.done()).containsExactly(b);
        a.cancel();
    }

    @AsyncTest
    void firstExceptionReturnsAtTheFirstFailure() {
        var a = after(1.0, "a");
        var b = failAfter(2.0, "boom");
        var c = after(3.0, "c");
        Done<Task<String>> d = Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION);
        assertThat(now())
                .as("a success does not end a FIRST_EXCEPTION wait, a failure does")
                .isEqualTo(2.0);
        assertThat(d.done()).containsExactly(a, b);
        assertThat(d.pending()).containsExactly(c);
        assertThat(b.exception()).hasMessage("boom");
        c.cancel();
    }

    @AsyncTest
    void firstExceptionIgnoresCancellationsAndWaitsForAllWhenNothingFails() {
        var a = after(1.0, "a");
        var b = after(2.0, "b");
        var c = after(5.0, "c");
        Asyncio.getRunningLoop().callLater(1.5, () -> c.cancel());
        Done<Task<String>> d = Asyncio.wait(List.of(a, b, c), ReturnWhen.FIRST_EXCEPTION);
        assertThat(now()).isEqualTo(2.0);
        assertThat(d.done()).containsExactly(a, b, c);
    }

    @AsyncTest
    void anAlreadyMetConditionReturnsWithoutSuspending() {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setException(new IllegalArgumentException("already failed"));
        var slow = after(10.0, "slow");
        for (ReturnWhen when : List.of(ReturnWhen.FIRST_COMPLETED, ReturnWhen.FIRST_EXCEPTION)) {
            Done<Future<String>> d = Asyncio.wait(List.of(f, slow), when);
            assertThat(d.done()).as(when.toString()).containsExactly(f);
            assertThat(d.pending()).containsExactly(slow);
        }
        assertThat(now()).isZero();
        f.exception();
        slow.cancel();
    }

    @AsyncTest
    void timeoutReturnsWhatIsDoneSoFarAndCancelsNothing() throws Exception {
        var a = after(1.0, "a");
        var b = after(5.0, "b");
        Done<Task<String>> d = Asyncio.wait(List.of(a, b), Duration.ofSeconds(2), ReturnWhen.ALL_COMPLETED);
        assertThat(now()).isEqualTo(2.0);
        assertThat(d.done()).containsExactly(a);
        assertThat(d.pending()).containsExactly(b);
        assertThat(b.cancelled()).isFalse();
        assertThat(b.await()).isEqualTo("b");
    }

    @AsyncTest
    void timeoutWithNothingDoneRaisesNothing() {
        var a = after(5.0, "a");
        Done<Task<String>> d = Asyncio.wait(List.of(a), Duration.ofSeconds(1), ReturnWhen.FIRST_COMPLETED);
        assertThat(d.done()).isEmpty();
        assertThat(d.pending()).containsExactly(a);
        assertThat(now()).isEqualTo(1.0);
        a.cancel();
    }

    @AsyncTest
    void theTimeoutTimerIsRemovedWhenTheConditionIsMetFirst() {
        var a = after(1.0, "a");
        Asyncio.wait(List.of(a), Duration.ofSeconds(100), ReturnWhen.ALL_COMPLETED);
        assertThat(now()).isEqualTo(1.0);
        assertThat(Asyncio.getRunningLoop().timerCount())
                .as("the timeout timer was cancelled")
                .isZero();
    }

    @AsyncTest
    void emptyInputIsRejected() {
        assertThatThrownBy(() -> Asyncio.wait(List.<Future<?>>of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @AsyncTest
    void duplicatesAreWaitedForOnce() {
        var a = after(1.0, "a");
        Done<Task<String>> d = Asyncio.wait(List.of(a, a));
        assertThat(d.done()).containsExactly(a);
    }

    @AsyncTest
    void theResultSetsAreUnmodifiable() {
        var a = after(1.0, "a");
        Done<Task<String>> d = Asyncio.wait(List.of(a));
        assertThatThrownBy(() -> d.done().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @AsyncTest
    void cancellingTheWaiterDoesNotCancelTheFutures() throws Exception {
        var a = after(5.0, "a");
        Task<Done<Task<String>>> waiter = Asyncio.createTask(() -> Asyncio.wait(List.of(a)));
        Asyncio.sleep(1.0);
        waiter.cancel("stop waiting");
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class).hasMessage("stop waiting");
        assertThat(a.cancelled())
                .as("asyncio's wait() never cancels the futures")
                .isFalse();
        assertThat(a.await()).isEqualTo("a");
    }
}
