import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * The same two one-second coroutines as {@code SequentialAwaits}, gathered: 1 s in all.
 *
 * <p>Twin of the tutorial's "Concurrent Execution":
 * <pre>
 * async def main():
 *     # Run concurrently
 *     result1, result2 = await asyncio.gather(task1(), task2())
 *     print(f"{result1}, {result2}")
 *
 * asyncio.run(main())  # Takes 1 second (concurrent)
 * </pre>
 */
public class ConcurrentAwaits {
    static String task1() {
        Asyncio.sleep(1.0);
        return "Task 1";
    }

    static String task2() {
        Asyncio.sleep(1.0);
        return "Task 2";
    }

    static void asyncMain() throws Exception {
        List<String> results = Asyncio.gather(() -> task1(), () -> task2()); // run concurrently
        System.out.println(results.get(0) + ", " + results.get(1));
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options); // takes 1 second (concurrent)
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
