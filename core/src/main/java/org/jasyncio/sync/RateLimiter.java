package org.jasyncio.sync;

import java.time.Duration;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.TimerHandle;

/**
 * A token bucket for tasks: at most {@code burst} acquisitions at once, refilled at a steady rate.
 * {@link #acquire()} takes a token, waiting in line until one is due. Time is the loop's clock, so on
 * a virtual clock a limiter is exact and a test of it is instant.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.perSecond(10);          // 10 per second, no burst
 * for (String url : urls) {
 *     limiter.acquire();                                    // 100 calls take exactly 9.9 s
 *     Asyncio.createTask(() -> fetch(url));
 * }
 * RateLimiter bursty = RateLimiter.perSecond(5, 20);        // up to 20 at once, then 5 per second
 * }</pre>
 *
 * <h2>How</h2>
 * The bucket is kept as one number, the <em>theoretical arrival time</em> {@code tat} of the generic
 * cell rate algorithm (GCRA, ATM networks' leaky bucket): a token is free when
 * {@code now >= tat - (burst - 1) * interval}, and taking it moves {@code tat} to
 * {@code max(tat, now) + interval}. All arithmetic is in whole nanoseconds of loop time, so no
 * rounding drift accumulates: the n-th token of a drained bucket is due exactly {@code n * interval}
 * later. A rate is turned into an interval once, rounded to the nanosecond.
 *
 * <p>Why not let each waiter compute its own slot and sleep until it (the common approach)? A waiter
 * cancelled mid-sleep would leave its slot unused, a token lost. Here waiters park in one fair
 * {@link ParkingLot}; a single timer hands each token, when due, to the oldest waiter; a waiter
 * cancelled after it got its token passes it to the next, or puts it back in the bucket.
 *
 * <p>The bucket starts full. The limiter is bound to the loop that first uses it. Loop thread only.
 */
public final class RateLimiter {
    /**
     * <pre>
     * READY --a token is taken and none is left / a task waits--> THROTTLED
     * THROTTLED --time passes and a token is due while nobody waits--> READY
     * </pre>
     * Derived from the bucket and the loop's time, not stored.
     */
    public enum State {
        READY,
        THROTTLED
    }

    /**
     * What a rate limiter can report.
     *
     * @param ratePerSecond tokens added per second
     * @param burst the bucket's size
     * @param availableTokens tokens that could be taken now without waiting (if nobody waits)
     * @param waiting tasks waiting for a token
     */
    public record Statistics(double ratePerSecond, int burst, int availableTokens, int waiting) {}

    private final long intervalNanos;
    private final int burst;
    /** {@code (burst - 1) * intervalNanos}: how far ahead of now {@link #tat} may run. */
    private final long toleranceNanos;

    private final ParkingLot lot = new ParkingLot();
    /** The loop whose clock it reads; bound at first use. */
    private EventLoop loop;
    /** Whether {@link #tat} was initialised from the clock (at first use: the bucket starts full). */
    private boolean started;
    /**
     * The theoretical arrival time, in the loop clock's nanoseconds. Invariant: a token is free iff
     * {@code now >= tat - toleranceNanos}. Loop thread only.
     */
    private long tat;
    /** The timer that hands out the next due token while tasks wait; null when none is needed. */
    private TimerHandle timer;

    private RateLimiter(long intervalNanos, int burst) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException(
                    "RateLimiter: the interval between tokens must be positive, got " + intervalNanos + " ns");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("RateLimiter: burst must be >= 1, got " + burst);
        }
        this.intervalNanos = intervalNanos;
        this.burst = burst;
        this.toleranceNanos = Math.multiplyExact(burst - 1, intervalNanos);
    }

    /**
     * {@code rate} tokens per second, one at a time (a burst of 1): tokens are spaced exactly
     * {@code 1 / rate} seconds apart.
     *
     * @throws IllegalArgumentException if {@code rate} is not positive and finite
     */
    public static RateLimiter perSecond(double rate) {
        return perSecond(rate, 1);
    }

    /**
     * {@code rate} tokens per second, with a bucket of {@code burst} tokens: up to {@code burst}
     * acquisitions pass at once after a quiet period.
     *
     * @throws IllegalArgumentException if {@code rate} is not positive and finite, or {@code burst < 1}
     */
    public static RateLimiter perSecond(double rate, int burst) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException(
                    "RateLimiter.perSecond(" + rate + "): the rate must be positive and finite");
        }
        return new RateLimiter(Math.round(1e9 / rate), burst);
    }

    /**
     * One token every {@code interval}, with a bucket of {@code burst} tokens.
     *
     * @throws IllegalArgumentException if {@code interval} is not positive, or {@code burst < 1}
     */
    public static RateLimiter every(Duration interval, int burst) {
        return new RateLimiter(interval.toNanos(), burst);
    }

    /**
     * Takes a token, waiting in line until one is due.
     *
     * @throws CancelledError if the task is cancelled while waiting; no token is used up then
     */
    public void acquire() {
        ParkingLot.requireTask("RateLimiter.acquire()");
        if (tryAcquire()) {
            return;
        }
        scheduleTimer(now());
        lot.park(null, this::giveBack);
    }

    /**
     * Takes a token if one is free now and nobody waits, without waiting; returns whether it did.
     * The non-waiting twin of {@link #acquire()}.
     */
    public boolean tryAcquire() {
        bind();
        return lot.isEmpty() && take(now());
    }

    /** Tokens added per second. */
    public double ratePerSecond() {
        return 1e9 / intervalNanos;
    }

    /** The time between two tokens. */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /** The bucket's size. */
    public int burst() {
        return burst;
    }

    /** Tokens that could be taken now without waiting, ignoring waiters. */
    public int availableTokens() {
        if (!started) {
            return burst;
        }
        long slack = now() - (tat - toleranceNanos);
        if (slack < 0) {
            return 0;
        }
        return (int) Math.min(burst, slack / intervalNanos + 1);
    }

    /** The current state. */
    public State state() {
        return lot.isEmpty() && availableTokens() > 0 ? State.READY : State.THROTTLED;
    }

    /** Rate, burst, free tokens and waiting tasks. */
    public Statistics statistics() {
        return new Statistics(ratePerSecond(), burst, availableTokens(), lot.size());
    }

    // ---- the bucket ----

    private void bind() {
        EventLoop running = Asyncio.getRunningLoop();
        if (loop != running) {
            if (loop != null && !lot.isEmpty()) {
                throw new IllegalStateException("RateLimiter " + this + " is bound to " + loop
                        + " where tasks wait on it; it cannot also be used from " + running);
            }
            loop = running;
            started = false;
        }
    }

    private long now() {
        return loop.clock().nanos();
    }

    /** Takes a token if one is free at {@code now}. */
    private boolean take(long now) {
        if (!started) {
            tat = now;
            started = true;
        }
        if (now - (tat - toleranceNanos) >= 0) {
            tat = Math.max(tat, now) + intervalNanos;
            return true;
        }
        return false;
    }

    /** Arms the timer for when the next token is due, unless it is armed. */
    private void scheduleTimer(long now) {
        if (timer == null) {
            long due = tat - toleranceNanos;
            timer = loop.callLater(Duration.ofNanos(Math.max(0, due - now)), this::handOutDueTokens);
        }
    }

    /** The timer's callback: gives each due token to the oldest waiter, then waits for the next. */
    private void handOutDueTokens() {
        timer = null;
        long now = now();
        while (!lot.isEmpty() && take(now)) {
            lot.unpark(1);
        }
        if (!lot.isEmpty()) {
            scheduleTimer(now);
        }
    }

    /** A waiter got a token but was cancelled before it could use it: pass it on, or refund it. */
    private void giveBack() {
        if (lot.unpark(1) == 0) {
            tat -= intervalNanos;
        }
    }

    @Override
    public String toString() {
        String state = loop == null ? "ready" : state().name().toLowerCase();
        return "<RateLimiter " + state + " rate=" + ratePerSecond() + "/s burst=" + burst + " waiters=" + lot.size()
                + ">";
    }
}
