import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * {@code createTask} starts a coroutine running concurrently right away; awaiting the task later
 * collects its result. Two workers of 1 s and 2 s finish in 2 s.
 *
 * <p>Twin of the tutorial's "Creating Tasks":
 * <pre>
 * async def worker(name, delay):
 *     print(f"{name} starting")
 *     await asyncio.sleep(delay)
 *     print(f"{name} finished")
 *     return f"{name} result"
 *
 * async def main():
 *     task1 = asyncio.create_task(worker("Worker1", 1))
 *     task2 = asyncio.create_task(worker("Worker2", 2))
 *     result1 = await task1
 *     result2 = await task2
 *     print(f"Results: {result1}, {result2}")
 * </pre>
 */
public class CreateTasks {
    static String worker(String name, double delay) {
        System.out.println(name + " starting");
        Asyncio.sleep(delay);
        System.out.println(name + " finished");
        return name + " result";
    }

    static void asyncMain() throws Exception {
        Task<String> task1 = Asyncio.createTask(() -> worker("Worker1", 1.0));
        Task<String> task2 = Asyncio.createTask(() -> worker("Worker2", 2.0));
        String result1 = task1.await();
        String result2 = task2.await();
        System.out.println("Results: " + result1 + ", " + result2);
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
