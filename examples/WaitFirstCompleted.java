import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Done;
import org.jasyncio.ReturnWhen;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * {@code wait} with {@code FIRST_COMPLETED} returns as soon as one task is done, with the rest still
 * pending; a second {@code wait} collects those.
 *
 * <p>Twin of the tutorial's "asyncio.wait()":
 * <pre>
 * async def main():
 *     tasks = [
 *         asyncio.create_task(task("Task1", 1)),
 *         asyncio.create_task(task("Task2", 2)),
 *         asyncio.create_task(task("Task3", 3))
 *     ]
 *     # Wait for first completed
 *     done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
 *     print(f"Completed: {[t.result() for t in done]}")
 *     # Wait for remaining
 *     done, pending = await asyncio.wait(pending)
 *     print(f"All completed: {[t.result() for t in done]}")
 * </pre>
 */
public class WaitFirstCompleted {
    static String task(String name, double delay) {
        Asyncio.sleep(delay);
        return name + " done";
    }

    static List<String> results(Iterable<Task<String>> tasks) throws Exception {
        var results = new java.util.ArrayList<String>();
        for (Task<String> t : tasks) {
            results.add(t.result());
        }
        return results;
    }

    static void asyncMain() throws Exception {
        List<Task<String>> tasks = List.of(
                Asyncio.createTask(() -> task("Task1", 1.0)),
                Asyncio.createTask(() -> task("Task2", 2.0)),
                Asyncio.createTask(() -> task("Task3", 3.0)));

        // Wait for the first one to complete
        Done<Task<String>> first = Asyncio.wait(tasks, ReturnWhen.FIRST_COMPLETED);
        System.out.println("Completed: " + results(first.done()));

        // Wait for the remaining ones
        Done<Task<String>> rest = Asyncio.wait(first.pending());
        System.out.println("All completed: " + results(rest.done()));
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
