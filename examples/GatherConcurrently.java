import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * {@code gather} runs coroutines concurrently and returns their results in argument order; it takes
 * as long as the longest: 1 s, 2 s and 1 s gathered take 2 s.
 *
 * <p>Twin of the tutorial's "asyncio.gather()":
 * <pre>
 * async def task(name, delay):
 *     await asyncio.sleep(delay)
 *     return f"{name} completed"
 *
 * async def main():
 *     results = await asyncio.gather(
 *         task("Task1", 1),
 *         task("Task2", 2),
 *         task("Task3", 1)
 *     )
 *     print(results)  # ['Task1 completed', 'Task2 completed', 'Task3 completed']
 *
 * asyncio.run(main())  # Takes ~2 seconds (longest task)
 * </pre>
 */
public class GatherConcurrently {
    static String task(String name, double delay) {
        Asyncio.sleep(delay);
        return name + " completed";
    }

    static void asyncMain() throws Exception {
        List<String> results =
                Asyncio.gather(() -> task("Task1", 1.0), () -> task("Task2", 2.0), () -> task("Task3", 1.0));
        System.out.println(results); // [Task1 completed, Task2 completed, Task3 completed]
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options); // takes 2 seconds (the longest task)
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
