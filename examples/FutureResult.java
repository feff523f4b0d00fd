import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.RunOptions;

/**
 * A future: a placeholder for a result that some other code sets later; awaiting it suspends until
 * then.
 *
 * <p>Twin of the tutorial's "Futures" program:
 * <pre>
 * async def my_coroutine():
 *     await asyncio.sleep(1)
 *     return "Any Async Output"
 *
 * my_future = asyncio.Future()
 * my_future.set_result(asyncio.run(my_coroutine()))
 * result = my_future.result()
 * print(result)
 *
 * result = asyncio.run(my_coroutine())    # "the simplified line of code"
 * print(result)
 * </pre>
 * A jasyncio future belongs to a loop ({@code loop.createFuture()}), so the Java version sets it from
 * a task on that loop while {@code main} awaits it: the way futures are really used.
 */
public class FutureResult {
    static String myCoroutine() {
        Asyncio.sleep(1.0);
        return "Any Async Output";
    }

    static void asyncMain() throws Exception {
        Future<String> myFuture = Asyncio.getRunningLoop().createFuture();
        Asyncio.createTask(() -> myFuture.setResult(myCoroutine()));
        System.out.println("done before: " + myFuture.done());
        String result = myFuture.await(); // suspends until the task sets it
        System.out.println(result);
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);

        // Simplified: Asyncio.run returns the coroutine's value.
        String result = Asyncio.run(() -> myCoroutine(), options);
        System.out.println(result);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
