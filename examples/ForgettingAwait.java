import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * "Forgetting await", the Java way. Calling a coroutine method <em>is</em> awaiting it, so Python's
 * classic slip (a coroutine object instead of its result) cannot happen; what can is holding a task
 * instead of its result, or starting a task and never looking at it again. jasyncio still runs such
 * a task to the end (the loop holds it), and if it fails, the exception is not lost: it is reported
 * to the loop's exception handler ("Task exception was never retrieved") when the task is collected,
 * or at the latest when the loop closes.
 *
 * <p>Twin of the tutorial's pitfall "1. Forgetting await" (and "If you forget to await all coroutines,
 * Python will print the warning"):
 * <pre>
 * # WRONG: Missing await
 * async def main():
 *     result = fetch_data()  # Returns coroutine, not result!
 *     print(result)          # &lt;coroutine object fetch_data at 0x...&gt;
 *
 * # CORRECT: Use await
 * async def main():
 *     result = await fetch_data()
 *     print(result)          # Data
 * </pre>
 */
public class ForgettingAwait {
    static String fetchData() {
        Asyncio.sleep(0.1);
        return "Data";
    }

    static void saveData() {
        Asyncio.sleep(0.1);
        throw new IllegalStateException("disk full");
    }

    static void asyncMain() throws Exception {
        // WRONG: the task, not its result
        Task<String> result = Asyncio.createTask(() -> fetchData(), "fetch_data");
        System.out.println("WRONG:   " + result);
        // CORRECT: await it
        System.out.println("CORRECT: " + result.await());

        // WRONG: fire and forget a task that fails; nobody will ever await it...
        Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> {
            System.out.println("exception handler: " + context.message());
            System.out.println("  " + context.exception());
        });
        Asyncio.createTask(() -> saveData(), "save_data");
        Asyncio.sleep(0.5); // save_data fails meanwhile
        System.out.println("save_data failed, nobody awaited it");
        // ... but its failure is not lost: the loop reports it to its exception handler when the task
        // is garbage collected, or at the latest when the loop closes, right after this returns.
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
