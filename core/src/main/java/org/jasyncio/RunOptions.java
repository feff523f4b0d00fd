package org.jasyncio;

import java.util.function.Supplier;

/**
 * How {@link Asyncio#run} and {@link Runner} make their loop: debug mode, the clock, or a whole loop
 * factory (asyncio's {@code run(debug=, loop_factory=)}).
 *
 * <pre>{@code
 * Asyncio.run(() -> main(), RunOptions.defaults().withVirtualClock());   // sleep(3600) returns at once
 * }</pre>
 *
 * @param debug debug mode; {@code null} leaves it to {@code -Djasyncio.debug}
 * @param clock the loop's clock; {@code null} for the system clock
 * @param loopFactory makes the loop (overrides {@code clock}); {@code null} for {@link EventLoop#newEventLoop}
 */
public record RunOptions(Boolean debug, Clock clock, Supplier<EventLoop> loopFactory) {
    /** Nothing set: the system clock, debug mode from {@code -Djasyncio.debug}. */
    public static RunOptions defaults() {
        return new RunOptions(null, null, null);
    }

    /** With debug mode on or off. */
    public RunOptions withDebug(boolean on) {
        return new RunOptions(on, clock, loopFactory);
    }

    /** With the loop reading time from {@code c}. */
    public RunOptions withClock(Clock c) {
        return new RunOptions(debug, c, loopFactory);
    }

    /**
     * With a new virtual clock that jumps to the next timer whenever the loop is idle: it behaves as
     * {@code new} {@link org.jasyncio.testing.VirtualClock#VirtualClock() VirtualClock()}. To move
     * time by hand as well, keep a {@code VirtualClock} of your own and pass it to {@link #withClock}.
     */
    public RunOptions withVirtualClock() {
        return withClock(new VirtualTimeClock());
    }

    /** With a loop factory, for a custom loop. */
    public RunOptions withLoopFactory(Supplier<EventLoop> factory) {
        return new RunOptions(debug, clock, factory);
    }

    EventLoop newLoop() {
        EventLoop loop = loopFactory != null ? loopFactory.get()
                : clock != null ? EventLoop.newEventLoop(clock) : EventLoop.newEventLoop();
        if (debug != null) {
            loop.setDebug(debug);
        }
        return loop;
    }
}
