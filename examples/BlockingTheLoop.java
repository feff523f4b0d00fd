import java.time.Duration;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.RunOptions;

/**
 * Blocking the loop: a blocking call ({@code Thread.sleep}, Python's {@code time.sleep}) inside a
 * coroutine stops every task, here a ticker that should tick every quarter second. Debug mode
 * catches it: the loop logs each step that ran longer than the slow-callback duration (100 ms) as
 * {@code Executing <Task finished result=null name=bad_function> took 1.001 seconds; the task was created: at ...} (on stderr,
 * through {@code System.Logger} "org.jasyncio").
 *
 * <p>Twin of the tutorial's pitfall "2. Blocking Operations in Async Code" (and "Avoid Blocking
 * Operations"):
 * <pre>
 * # WRONG: Blocking operation
 * async def bad_function():
 *     time.sleep(1)  # Blocks event loop!
 *
 * # CORRECT: Use async sleep
 * async def good_function():
 *     await asyncio.sleep(1)  # Non-blocking
 * </pre>
 * Blocking work that cannot be avoided belongs on a thread: {@code Asyncio.toThread(() -> ...)}.
 */
public class BlockingTheLoop {
    static void ticker() {
        EventLoop loop = Asyncio.getRunningLoop();
        for (int i = 0; i < 4; i++) {
            System.out.printf("  tick %d at %.2fs%n", i, loop.time());
            Asyncio.sleep(0.25);
        }
    }

    static void badFunction(Duration blocking) throws InterruptedException {
        Thread.sleep(blocking); // blocks the event loop!
    }

    static void goodFunction() {
        Asyncio.sleep(1.0); // non-blocking
    }

    /**
     * {@code blocking}: how long bad_function blocks (1 s in the tutorial); {@code slowCallback}: from how
     * long debug mode reports a step (the loop's default is 100 ms).
     */
    static void run(RunOptions options, Duration blocking, Duration slowCallback) throws Exception {
        Asyncio.run(
                () -> {
                    EventLoop loop = Asyncio.getRunningLoop();
                    loop.setSlowCallbackDuration(slowCallback);

                    System.out.println("WRONG: bad_function blocks the loop, the ticker stalls");
                    Asyncio.gather(
                            Asyncio.createTask(() -> ticker(), "ticker"),
                            Asyncio.createTask(() -> badFunction(blocking), "bad_function"));

                    System.out.println("CORRECT: good_function sleeps without blocking, the ticker ticks on");
                    Asyncio.gather(
                            Asyncio.createTask(() -> ticker(), "ticker"),
                            Asyncio.createTask(() -> goodFunction(), "good_function"));
                },
                options.withDebug(true));
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), Duration.ofSeconds(1), Duration.ofMillis(100));
    }
}
