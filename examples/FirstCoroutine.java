import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * A coroutine that pauses for two seconds: "Start", then "End".
 *
 * <p>Twin of the tutorial's first program (and of "asyncio.sleep() is a non-blocking sleep"):
 * <pre>
 * async def my_coroutine():
 *     print("Start")
 *     await asyncio.sleep(2)
 *     print("End")
 *
 * asyncio.run(my_coroutine())
 * </pre>
 */
public class FirstCoroutine {
    static void myCoroutine() {
        System.out.println("Start");
        Asyncio.sleep(2.0);
        System.out.println("End");
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> myCoroutine(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
