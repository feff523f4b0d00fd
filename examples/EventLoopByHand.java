import org.jasyncio.Asyncio;
import org.jasyncio.Clock;
import org.jasyncio.EventLoop;
import org.jasyncio.RunOptions;

/**
 * The event loop by hand: make one, run a coroutine until it completes, close it, which is what
 * {@code Asyncio.run} does for you.
 *
 * <p>Twin of the tutorials' "Event Loop" programs:
 * <pre>
 * loop = asyncio.new_event_loop()
 * loop.run_until_complete(any_async_task())
 * loop.close()
 * </pre>
 * and "Manual Event Loop Management" (with {@code try/finally}), "Understanding Event Loops"
 * ({@code task("Task1")}) and "Using asyncio.run()". {@code EventLoop} is {@code AutoCloseable},
 * so try-with-resources is the {@code try/finally}. There is no {@code set_event_loop}: a loop is
 * "current" exactly while it runs on a thread.
 */
public class EventLoopByHand {
    static void anyAsyncTask() {
        Asyncio.sleep(1.0);
    }

    static void task(String name) {
        System.out.println(name + " starting");
        Asyncio.sleep(1.0);
        System.out.println(name + " finished");
    }

    static void taskRunning() {
        System.out.println("Task running");
        Asyncio.sleep(1.0);
    }

    /** {@code clock}: where the loops read time ({@code Clock.system()}, or a virtual clock in tests). */
    static void run(Clock clock) throws Exception {
        // 1. new_event_loop / run_until_complete / close
        EventLoop loop = EventLoop.newEventLoop(clock);
        loop.runUntilComplete(() -> {
            anyAsyncTask();
            return null;
        });
        loop.close();
        System.out.println("loop closed: " + loop.isClosed());

        // 2. the same with the closing guaranteed: the loop is AutoCloseable (the tutorial's try/finally)
        try (EventLoop l = EventLoop.newEventLoop(clock)) {
            l.runUntilComplete(() -> {
                task("Task1");
                return null;
            });
        }
        try (EventLoop l = EventLoop.newEventLoop(clock)) {
            l.runUntilComplete(() -> {
                taskRunning();
                return null;
            });
        }

        // 3. Asyncio.run() makes the loop, runs the coroutine and closes the loop
        Asyncio.run(
                () -> System.out.println("Running in event loop"),
                RunOptions.defaults().withClock(clock));
    }

    public static void main(String[] args) throws Exception {
        run(Clock.system());
    }
}
