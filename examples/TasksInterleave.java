import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * Two coroutines gathered: the one that does not wait prints first, the sleeping one a second later.
 *
 * <p>Twin of the tutorial's "Tasks" program:
 * <pre>
 * async def task1():
 *     await asyncio.sleep(1)
 *     print("This will be printed after 1 second pause")
 *
 * async def task2():
 *     print("This will be printed immediately")
 *
 * async def main():
 *     await asyncio.gather(task1(), task2())
 * </pre>
 */
public class TasksInterleave {
    static void task1() {
        Asyncio.sleep(1.0);
        System.out.println("This will be printed after 1 second pause");
    }

    static void task2() {
        System.out.println("This will be printed immediately");
    }

    static void asyncMain() throws Exception {
        Asyncio.gather(() -> task1(), () -> task2());
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
