import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * Tasks are scheduled when created and run at the next suspension point of their creator; gather
 * collects their results in order.
 *
 * <p>Twin of the tutorial's "Scheduling Tasks":
 * <pre>
 * async def task(name):
 *     print(f"{name} executed")
 *     return f"{name} result"
 *
 * async def main():
 *     task1 = asyncio.create_task(task("Task1"))
 *     task2 = asyncio.create_task(task("Task2"))
 *     results = await asyncio.gather(task1, task2)
 *     print(results)
 * </pre>
 */
public class ScheduleTasks {
    static String task(String name) {
        System.out.println(name + " executed");
        return name + " result";
    }

    static void asyncMain() throws Exception {
        Task<String> task1 = Asyncio.createTask(() -> task("Task1"));
        Task<String> task2 = Asyncio.createTask(() -> task("Task2"));
        List<String> results = Asyncio.gather(task1, task2);
        System.out.println(results);
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
