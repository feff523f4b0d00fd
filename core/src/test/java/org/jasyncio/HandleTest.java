package org.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jasyncio.Fixtures.named;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.testing.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A handle's states, PENDING -> RAN and -> CANCELLED, and how it shows them. */
class HandleTest {
    private final EventLoop loop = EventLoop.newEventLoop(new VirtualClock());

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private void runUntilIdle() throws Exception {
        Future<Void> done = loop.createFuture();
        loop.callLater(1e6, () -> done.setResult(null));
        loop.runUntilComplete(done);
    }

    @Test
    void aHandleIsPendingThenRan() throws Exception {
        List<String> ran = new ArrayList<>();
        Handle h = loop.callSoon(named("cb", () -> ran.add("cb")));
        assertThat(h.state()).isEqualTo(Handle.State.PENDING);
        assertThat(h).hasToString("<Handle pending cb>");
        runUntilIdle();
        assertThat(ran).containsExactly("cb");
        assertThat(h.state()).isEqualTo(Handle.State.RAN);
        assertThat(h).hasToString("<Handle ran cb>");
        assertThat(h.cancelled()).isFalse();
    }

    @Test
    void aCancelledHandleDropsItsCallbackAndNeverRuns() throws Exception {
        List<String> ran = new ArrayList<>();
        Handle h = loop.callSoon(named("cb", () -> ran.add("cb")));
        h.cancel();
        h.cancel(); // a second cancel() changes nothing
        assertThat(h.state()).isEqualTo(Handle.State.CANCELLED);
        assertThat(h).hasToString("<Handle cancelled>");
        runUntilIdle();
        assertThat(ran).isEmpty();
        assertThat(h.state()).isEqualTo(Handle.State.CANCELLED);
    }

    @Test
    void cancelAfterTheRunStillMarksItCancelledAsInAsyncio() throws Exception {
        Handle h = loop.callSoon(() -> {});
        runUntilIdle();
        assertThat(h.state()).isEqualTo(Handle.State.RAN);
        h.cancel();
        assertThat(h.cancelled()).isTrue();
        assertThat(h).hasToString("<Handle cancelled>");
    }

    @Test
    void aCallbackSeesItsOwnHandleRanAndMayCancelIt() throws Exception {
        AtomicReference<Handle> self = new AtomicReference<>();
        List<Handle.State> seen = new ArrayList<>();
        self.set(loop.callSoon(() -> {
            seen.add(self.get().state());
            self.get().cancel();
        }));
        runUntilIdle();
        assertThat(seen).containsExactly(Handle.State.RAN);
        assertThat(self.get().state()).isEqualTo(Handle.State.CANCELLED);
    }

    @Test
    void aTimerHandleShowsStateAndDueTime() throws Exception {
        TimerHandle t = loop.callLater(2.5, named("tick", () -> {}));
        TimerHandle dropped = loop.callLater(3.0, named("never", () -> {}));
        assertThat(t).hasToString("<TimerHandle pending when=2.5 tick>");
        dropped.cancel();
        assertThat(dropped).hasToString("<TimerHandle cancelled when=3.0>");
        runUntilIdle();
        assertThat(t).hasToString("<TimerHandle ran when=2.5 tick>");
        assertThat(dropped.state()).isEqualTo(Handle.State.CANCELLED);
    }

    @Test
    void aThreadsafeHandleCancelledFromAnotherThreadDoesNotRun() throws Exception {
        List<String> ran = new ArrayList<>();
        Handle h = loop.callSoonThreadsafe(() -> ran.add("cb"));
        Thread other = Thread.ofPlatform().start(h::cancel);
        other.join();
        assertThat(h.state()).isEqualTo(Handle.State.CANCELLED);
        runUntilIdle();
        assertThat(ran).isEmpty();
    }

    @Test
    void theHandleInAFailedCallbacksReportHasRan() throws Exception {
        List<ExceptionContext> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        loop.callSoon(named("bad", () -> {
            throw new IllegalArgumentException("bad callback");
        }));
        runUntilIdle();
        assertThat(reports)
                .singleElement()
                .satisfies(ctx -> assertThat(ctx.handle()).hasToString("<Handle ran bad>"));
    }
}
