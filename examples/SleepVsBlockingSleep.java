import java.time.Duration;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * Blocking sleep ({@code Thread.sleep}, Python's {@code time.sleep}) stops the whole thread;
 * {@code Asyncio.sleep} pauses only the coroutine that calls it, so another one runs meanwhile.
 *
 * <p>Twin of the tutorial's "Why using asyncio.sleep() then time.sleep()?":
 * <pre>
 * print("**** Synchronous sleep ****")
 * time.sleep(2)
 * print("This will be printed after 2 seconds, as entire thread was blocked")
 *
 * async def coroutine_1():
 *     print("Pausing coroutine 1 ...")
 *     await asyncio.sleep(1)
 *     print("After a pause, resuming coroutine 1 ...")
 *
 * async def coroutine_2():
 *     print("coroutine_2() is executed because coroutine_1() is on pause")
 *
 * async def main():
 *     await asyncio.gather(coroutine_1(), coroutine_2())
 *
 * print("**** Asynchronous sleep ****")
 * asyncio.run(main())
 * </pre>
 */
public class SleepVsBlockingSleep {
    static void coroutine1() {
        System.out.println("Pausing coroutine 1 ...");
        Asyncio.sleep(1.0);
        System.out.println("After a pause, resuming coroutine 1 ...");
    }

    static void coroutine2() {
        System.out.println("coroutine_2() is executed because coroutine_1() is on pause");
    }

    static void asyncMain() throws Exception {
        Asyncio.gather(() -> coroutine1(), () -> coroutine2());
    }

    /** {@code blockingSleep} is how long the synchronous part blocks the thread (2 s in the tutorial). */
    static void run(RunOptions options, Duration blockingSleep) throws Exception {
        System.out.println("**** Synchronous sleep ****");
        Thread.sleep(blockingSleep); // blocks the entire thread: nothing else can run
        System.out.println("This will be printed after 2 seconds, as entire thread was blocked");

        System.out.println("**** Asynchronous sleep ****");
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults(), Duration.ofSeconds(2));
    }
}
