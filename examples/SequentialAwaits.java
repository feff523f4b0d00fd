import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * Two awaits one after the other run one after the other: 1 s + 1 s = 2 s.
 *
 * <p>Twin of the tutorial's "Multiple await Calls":
 * <pre>
 * async def main():
 *     result1 = await task1()
 *     result2 = await task2()
 *     print(f"{result1}, {result2}")
 *
 * asyncio.run(main())  # Takes 2 seconds (sequential)
 * </pre>
 * Compare {@code ConcurrentAwaits}, which gathers the same two coroutines in 1 s.
 */
public class SequentialAwaits {
    static String task1() {
        Asyncio.sleep(1.0);
        return "Task 1";
    }

    static String task2() {
        Asyncio.sleep(1.0);
        return "Task 2";
    }

    static void asyncMain() {
        String result1 = task1();
        String result2 = task2();
        System.out.println(result1 + ", " + result2);
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options); // takes 2 seconds (sequential)
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
