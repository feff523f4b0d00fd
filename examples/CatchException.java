import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * An exception thrown inside a coroutine reaches its awaiter unchanged, where an ordinary
 * {@code try/catch} handles it.
 *
 * <p>Twin of the tutorial's "Coroutine with Exception Handling" (and "Handle Exceptions Properly"):
 * <pre>
 * async def might_fail():
 *     await asyncio.sleep(1)
 *     raise ValueError("Error occurred")
 *
 * async def main():
 *     try:
 *         await might_fail()
 *     except ValueError as e:
 *         print(f"Caught: {e}")
 * </pre>
 * The same holds through a task: {@code task.await()} rethrows the task's exception unchanged.
 */
public class CatchException {
    static void mightFail() {
        Asyncio.sleep(1.0);
        throw new IllegalArgumentException("Error occurred"); // Python's ValueError
    }

    static void asyncMain() throws Exception {
        try {
            mightFail();
        } catch (IllegalArgumentException e) {
            System.out.println("Caught: " + e.getMessage());
        }

        // Through a task, awaited later: the same exception, unchanged.
        var task = Asyncio.createTask(() -> mightFail());
        try {
            task.await();
        } catch (IllegalArgumentException e) {
            System.out.println("Caught from a task: " + e.getMessage());
        }
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
