package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.Fixtures.now;

import java.io.IOException;
import org.jasyncio.testing.AsyncTest;

/** {@link Asyncio#shield}: asyncio's {@code shield}. */
class ShieldTest {
    @AsyncTest
    void returnsTheInnerValue() throws Exception {
        var inner = Asyncio.createTask(() -> {
            Asyncio.sleep(1.0);
            return "v";
        });
        assertThat(Asyncio.shield(inner)).isEqualTo("v");
        assertThat(Asyncio.shield(() -> "direct")).isEqualTo("direct");
    }

    @AsyncTest
    void aDoneFutureReturnsAtOnce() throws Exception {
        Future<String> f = Asyncio.getRunningLoop().createFuture();
        f.setResult("done");
        assertThat(Asyncio.shield(f)).isEqualTo("done");
    }

    @AsyncTest
    void theInnerExceptionPropagatesUnchanged() {
        IOException boom = new IOException("boom");
        assertThatThrownBy(() -> Asyncio.shield(() -> {
                    Asyncio.sleep(1.0);
                    throw boom;
                }))
                .isSameAs(boom);
    }

    @AsyncTest
    void theInnerTaskSurvivesTheCancellationOfTheWaiter() throws Exception {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(5.0);
            return "survived";
        });
        Task<String> waiter = Asyncio.createTask(() -> Asyncio.shield(inner));
        Asyncio.sleep(1.0);
        waiter.cancel("waiter cancelled");
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class).hasMessage("waiter cancelled");
        assertThat(now())
                .as("the waiter is cancelled at once, it does not wait for the inner")
                .isEqualTo(1.0);
        assertThat(inner.done()).isFalse();
        assertThat(inner.await()).isEqualTo("survived");
        assertThat(now()).isEqualTo(5.0);
    }

    @AsyncTest
    void cancellingTheInnerDirectlyCancelsTheWaiter() {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(5.0);
            return "x";
        });
        Task<String> waiter = Asyncio.createTask(() -> Asyncio.shield(inner));
        Asyncio.getRunningLoop().callLater(1.0, () -> inner.cancel("inner cancelled"));
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledError.class).hasMessage("inner cancelled");
    }

    @AsyncTest
    void aShieldedTaskSurvivesAnEnclosingTimeout() throws Exception {
        Task<String> inner = Asyncio.createTask(() -> {
            Asyncio.sleep(3.0);
            return "finished anyway";
        });
        assertThatThrownBy(() -> {
                    try (var t = Asyncio.timeout(1.0)) {
                        Asyncio.shield(inner);
                    }
                })
                .isInstanceOf(TimeoutError.class);
        assertThat(inner.cancelled()).isFalse();
        assertThat(inner.await()).isEqualTo("finished anyway");
        assertThat(Asyncio.currentTask().cancelling()).isZero();
    }

    @AsyncTest
    void shieldOfADoneFutureOutsideATaskIsRefused() throws Exception {
        Future<String> done = Asyncio.getRunningLoop().createFuture();
        done.setResult("x");
        assertThat(Fixtures.thrownInALoopCallback(() -> Asyncio.shield(done)))
                .as("in a loop callback")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shield() suspends");
        assertThat(Fixtures.thrownOnAThreadWithoutALoop(() -> Asyncio.shield(done)))
                .as("on a plain thread")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shield() suspends");
        assertThat(Asyncio.shield(done)).isEqualTo("x");
    }
}
