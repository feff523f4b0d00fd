import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * "Forgetting await", the Java way. Calling a coroutine method <em>is</em> awaiting it, so Python's
 * classic slip (a coroutine object instead of its result) cannot happen; what can is holding a task
 * instead of its result, or starting a task and never looking at it again. jasyncio still runs such
 * a task to the end (the loop holds it), and if it fails, the exception is not lost: it is reported
 * to the loop's exception handler ("Task exception was never retrieved") when the task is collected.
 *
 * <p>Twin of the seed's pitfall "1. Forgetting await" (and "If you forget to await all coroutines,
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

        // WRONG: fire and forget a task that fails; nobody will ever see its exception...
        EventLoop loop = Asyncio.getRunningLoop();
        CountDownLatch reported = new CountDownLatch(1);
        loop.setExceptionHandler((l, context) -> {
            // The report names the task (and its coroutine, a lambda whose generated name we leave out).
            System.out.println("exception handler: " + context.message().replaceAll(" coro=.*", ">"));
            System.out.println("  " + context.exception());
            reported.countDown();
        });
        Asyncio.createTask(() -> saveData(), "save_data");
        Asyncio.sleep(0.5); // save_data fails meanwhile
        System.out.println("save_data failed, nobody awaited it");

        // ... except the loop: once the task is garbage collected, its failure is reported. Collect
        // now (on a worker thread, so that the loop stays free to run the handler) to see it at once.
        boolean seen = Asyncio.toThread(() -> {
            for (int i = 0; i < 100; i++) {
                System.gc();
                if (reported.await(50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        });
        if (!seen) {
            System.out.println("(not collected yet: the report comes when it is)");
        }
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> asyncMain(), options);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
