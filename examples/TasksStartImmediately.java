import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * A task starts running as soon as its creator gives the loop a chance (its next suspension point),
 * not when somebody awaits it.
 *
 * <p>Twin of the tutorial's closing example ("tasks will be scheduled to run immediately, and not just
 * when they are awaited"), whose code the tutorial text leaves out:
 * <pre>
 * async def background():
 *     print("background: started, nobody has awaited me yet")
 *     await asyncio.sleep(1)
 *     print("background: finished")
 *     return 42
 *
 * async def main():
 *     task = asyncio.create_task(background())
 *     print("main: task created")
 *     await asyncio.sleep(2)             # main does something else meanwhile
 *     print("main: now awaiting the task, which is done:", task.done())
 *     print("main: result", await task)
 * </pre>
 */
public class TasksStartImmediately {
    static int background() {
        System.out.println("background: started, nobody has awaited me yet");
        Asyncio.sleep(1.0);
        System.out.println("background: finished");
        return 42;
    }

    static void asyncMain() throws Exception {
        Task<Integer> task = Asyncio.createTask(() -> background());
        System.out.println("main: task created");
        Asyncio.sleep(2.0); // main does something else meanwhile; the task runs
        System.out.println("main: now awaiting the task, which is done: " + task.done());
        System.out.println("main: result " + task.await());
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
