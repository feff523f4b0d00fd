import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * A coroutine runs step by step, pausing at each suspension point and resuming where it left off.
 *
 * <p>Twin of the tutorial's "Coroutine Execution":
 * <pre>
 * async def coroutine():
 *     print("Step 1")
 *     await asyncio.sleep(0.5)
 *     print("Step 2")
 *     await asyncio.sleep(0.5)
 *     print("Step 3")
 *     return "Done"
 *
 * asyncio.run(coroutine())
 * </pre>
 */
public class CoroutineSteps {
    static String coroutine() {
        System.out.println("Step 1");
        Asyncio.sleep(0.5);
        System.out.println("Step 2");
        Asyncio.sleep(0.5);
        System.out.println("Step 3");
        return "Done";
    }

    static String run(RunOptions options) throws Exception {
        return Asyncio.run(() -> coroutine(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
