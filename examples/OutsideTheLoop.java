import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;

/**
 * Calling coroutines from plain code: a suspending call outside a running loop fails at once with a
 * message saying what to do; {@code Asyncio.run} is the bridge. Inside a task, a plain (non-async)
 * method may call suspending ones: Java has no {@code async} colour to mix up.
 *
 * <p>Twin of the tutorial's pitfalls "3. Not Using asyncio.run()" and "4. Mixing Sync and Async" (and of
 * "Calling Async Code From Sync"):
 * <pre>
 * # WRONG: Calling coroutine directly
 * async def main():
 *     print("Hello")
 * main()  # Returns coroutine, doesn't run
 * # CORRECT: Use asyncio.run()
 * asyncio.run(main())
 *
 * # WRONG: Calling async from sync
 * def sync_function():
 *     result = await async_function()  # SyntaxError!
 * </pre>
 */
public class OutsideTheLoop {
    static void hello() {
        Asyncio.sleep(0.1);
        System.out.println("Hello");
    }

    static String asyncFunction() {
        Asyncio.sleep(0.1);
        return "async result";
    }

    /** A plain method: no async marker, yet it may call suspending code when it runs in a task. */
    static String syncFunction() {
        return "sync function got: " + asyncFunction();
    }

    static void run(RunOptions options) throws Exception {
        // WRONG: no event loop is running, so the first suspension fails (Python silently does nothing).
        try {
            hello();
        } catch (IllegalStateException e) {
            System.out.println("WRONG: " + e.getMessage());
        }

        // CORRECT: Asyncio.run makes a loop and runs hello() as its main task.
        Asyncio.run(() -> hello(), options);

        // Plain and suspending methods mix freely inside a task.
        System.out.println(Asyncio.run(() -> syncFunction(), options));
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
