package org.jasyncio;

import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jasyncio.diagnostics.MonitorService;

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
 * @param monitorPort the port of the live monitor page served while the runner runs (0: a free one);
 *     {@code null} for none (unless {@code -Djasyncio.monitor=PORT} asks for one for the whole JVM)
 */
public record RunOptions(Boolean debug, Clock clock, Supplier<EventLoop> loopFactory, Integer monitorPort) {
    /** The address the monitor page binds: loopback only. */
    static final String MONITOR_HOST = "127.0.0.1";
    /** Whether {@code -Djasyncio.monitor} has been acted on: it starts one monitor per JVM. */
    private static final AtomicBoolean PROPERTY_MONITOR_STARTED = new AtomicBoolean();

    /** Validates the monitor's port. */
    public RunOptions {
        if (monitorPort != null && (monitorPort < 0 || monitorPort > 65_535)) {
            throw new IllegalArgumentException("RunOptions.monitor(" + monitorPort + "): a port is 0 to 65535");
        }
    }

    /** Without a monitor page (the options before it existed). */
    public RunOptions(Boolean debug, Clock clock, Supplier<EventLoop> loopFactory) {
        this(debug, clock, loopFactory, null);
    }

    /** Nothing set: the system clock, debug mode from {@code -Djasyncio.debug}. */
    public static RunOptions defaults() {
        return new RunOptions(null, null, null, null);
    }

    /** With debug mode on or off. */
    public RunOptions withDebug(boolean on) {
        return new RunOptions(on, clock, loopFactory, monitorPort);
    }

    /** With the loop reading time from {@code c}. */
    public RunOptions withClock(Clock c) {
        return new RunOptions(debug, c, loopFactory, monitorPort);
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
        return new RunOptions(debug, clock, factory, monitorPort);
    }

    /**
     * With the live monitor page on {@code http://127.0.0.1:port/} while the runner runs: every loop of
     * the JVM, its task tree and where each task waits, slow callbacks, queue depths, updated live.
     * Needs the {@code org.jasyncio.http} module (artifact {@code jasyncio-http}); see docs/debugging.md.
     *
     * @param port the port; 0 for a free one (the log says which)
     */
    public RunOptions monitor(int port) {
        return new RunOptions(debug, clock, loopFactory, port);
    }

    /**
     * Starts the monitor these options or {@code -Djasyncio.monitor} ask for: the returned one is the
     * runner's to close; the property's lives as long as the JVM (one per JVM), so it returns {@code null}.
     */
    AutoCloseable startMonitor(LoopRegistry loops) throws Exception {
        if (monitorPort != null) {
            return monitorService("RunOptions.monitor(" + monitorPort + ")").start(MONITOR_HOST, monitorPort, loops);
        }
        String property = System.getProperty(MonitorService.PROPERTY);
        if (property == null || property.isBlank() || !PROPERTY_MONITOR_STARTED.compareAndSet(false, true)) {
            return null;
        }
        int port = propertyPort(property);
        monitorService("-D" + MonitorService.PROPERTY + "=" + property).start(MONITOR_HOST, port, loops);
        return null;
    }

    /** The port {@code -Djasyncio.monitor} names. */
    static int propertyPort(String property) {
        try {
            int port = Integer.parseInt(property.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "-D" + MonitorService.PROPERTY + "=" + property + ": expected a port, 0 to 65535");
    }

    private static MonitorService monitorService(String who) {
        return ServiceLoader.load(MonitorService.class, RunOptions.class.getClassLoader())
                .findFirst()
                .or(() -> ServiceLoader.load(MonitorService.class).findFirst())
                .orElseThrow(() -> new IllegalStateException(who + " needs the module org.jasyncio.http (artifact"
                        + " jasyncio-http) on the class or module path: it serves the monitor page"));
    }

    EventLoop newLoop() {
        EventLoop loop = loopFactory != null
                ? loopFactory.get()
                : clock != null ? EventLoop.newEventLoop(clock) : EventLoop.newEventLoop();
        if (debug != null) {
            loop.setDebug(debug);
        }
        return loop;
    }
}
