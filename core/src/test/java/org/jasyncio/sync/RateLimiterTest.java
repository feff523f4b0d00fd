package org.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jasyncio.sync.Steps.yields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;
import org.jasyncio.testing.AsyncTest;

class RateLimiterTest {
    @AsyncTest
    void hundredAcquisitionsAtTenPerSecondTakeExactly9point9Seconds() {
        EventLoop loop = Asyncio.getRunningLoop();
        RateLimiter limiter = RateLimiter.perSecond(10);
        double t0 = loop.time();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            limiter.acquire();
            times.add(loop.time() - t0);
        }
        assertThat(loop.time() - t0)
                .as("virtual time for 100 tokens at 10/s, burst 1")
                .isEqualTo(9.9);
        assertThat(times.get(0)).as("the bucket starts full").isEqualTo(0.0);
        assertThat(times.get(1)).isEqualTo(0.1);
        assertThat(times.get(50)).isEqualTo(5.0);
    }

    @AsyncTest
    void aBurstPassesAtOnceThenTheRateHolds() {
        EventLoop loop = Asyncio.getRunningLoop();
        RateLimiter limiter = RateLimiter.perSecond(5, 5);
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        assertThat(loop.time()).as("a full bucket of 5 passes at once").isEqualTo(0.0);
        assertThat(limiter.availableTokens()).isZero();
        assertThat(limiter.tryAcquire()).isFalse();
        limiter.acquire();
        assertThat(loop.time()).isEqualTo(0.2);
        Asyncio.sleep(10.0);
        assertThat(limiter.availableTokens())
                .as("the bucket refills to its size, no more")
                .isEqualTo(5);
        for (int i = 0; i < 10; i++) {
            limiter.acquire();
        }
        assertThat(loop.time()).as("5 at once then 5 more at 0.2 s each").isEqualTo(11.2);
    }

    @AsyncTest
    void concurrentWaitersAreServedInArrivalOrderAtTheRate() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        RateLimiter limiter = RateLimiter.every(Duration.ofMillis(500), 1);
        List<String> log = new ArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int id = i;
            tasks.add(Asyncio.createTask(() -> {
                limiter.acquire();
                log.add(id + "@" + loop.time());
            }));
        }
        yields(1);
        assertThat(limiter.toString()).isEqualTo("<RateLimiter throttled rate=2.0/s burst=1 waiters=3>");
        Asyncio.gather(tasks);
        assertThat(log).containsExactly("0@0.0", "1@0.5", "2@1.0", "3@1.5");
    }

    @AsyncTest
    void aWaiterCancelledBeforeItsTokenLeavesTheScheduleUnchanged() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        RateLimiter limiter = RateLimiter.perSecond(1);
        limiter.acquire();
        Task<Void> b = Asyncio.createTask(() -> limiter.acquire());
        Task<Double> c = Asyncio.createTask(() -> {
            limiter.acquire();
            return loop.time();
        });
        Asyncio.sleep(0.5);
        b.cancel();
        assertThat(c.await()).as("c gets the token b would have had").isEqualTo(1.0);
    }

    @AsyncTest
    void aTokenHandedToACancelledWaiterIsPassedOnOrRefunded() throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        RateLimiter limiter = RateLimiter.perSecond(1);
        limiter.acquire();
        Task<Void> b = Asyncio.createTask(() -> limiter.acquire());
        Task<Double> c = Asyncio.createTask(() -> {
            limiter.acquire();
            return loop.time();
        });
        yields(1); // b and c wait; b armed the limiter's timer for t = 1.0
        // Timers due together run in the order they were made: this one runs right after the limiter's
        // timer has handed b its token, before b runs again.
        loop.callLater(1.0, b::cancel);
        assertThat(c.await()).as("b's token passes to c at once").isEqualTo(1.0);
        assertThat(b.cancelled()).isTrue();

        Task<Void> d = Asyncio.createTask(() -> limiter.acquire());
        yields(1); // d waits for the token due at t = 2.0
        loop.callLater(1.0, d::cancel);
        Asyncio.sleep(1.5);
        assertThat(d.cancelled()).isTrue();
        double t = loop.time();
        assertThat(limiter.tryAcquire())
                .as("the token d lost is back in the bucket")
                .isTrue();
        assertThat(loop.time()).isEqualTo(t);
    }

    @AsyncTest
    void noTokenLostWhateverTheCancellationPoint() throws Exception {
        Steps.atEveryPoint(6, point -> {
            EventLoop loop = Asyncio.getRunningLoop();
            RateLimiter limiter = RateLimiter.perSecond(10);
            limiter.acquire();
            double t0 = loop.time();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(Asyncio.createTask(() -> limiter.acquire()));
            }
            Asyncio.createTask(() -> {
                Asyncio.sleep(0.1);
                yields(point);
                tasks.get(0).cancel();
            });
            Asyncio.gatherSettled(tasks);
            int used = tasks.get(0).cancelled() ? 2 : 3;
            assertThat(loop.time() - t0)
                    .as("time for %d tokens after the first", used)
                    .isCloseTo(used * 0.1, org.assertj.core.data.Offset.offset(1e-9));
            Asyncio.sleep(0.1);
            assertThat(limiter.tryAcquire())
                    .as("exactly one token is due 0.1 s after the last")
                    .isTrue();
            assertThat(limiter.tryAcquire()).isFalse();
        });
    }

    @AsyncTest
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> RateLimiter.perSecond(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> RateLimiter.perSecond(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burst must be >= 1");
        assertThat(RateLimiter.perSecond(4).interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(RateLimiter.perSecond(4).statistics()).isEqualTo(new RateLimiter.Statistics(4.0, 1, 1, 0));
    }
}
