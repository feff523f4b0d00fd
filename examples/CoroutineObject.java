import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.RunOptions;

/**
 * A coroutine is a value: making one runs nothing; running it (here with {@code Asyncio.run}) does.
 *
 * <p>Twin of the tutorial's "Understanding async" and "What are Coroutines?":
 * <pre>
 * async def coroutine():
 *     print("Coroutine started")
 *     await asyncio.sleep(1)
 *     print("Coroutine finished")
 *     return "Result"
 *
 * coro = coroutine()
 * print(type(coro))  # &lt;class 'coroutine'&gt;
 * result = asyncio.run(coro)
 * print(result)  # Result
 * </pre>
 * In Java the coroutine object is a {@code Coroutine<T>} lambda; calling a method is awaiting it.
 */
public class CoroutineObject {
    static String coroutine() {
        System.out.println("Coroutine started");
        Asyncio.sleep(1.0);
        System.out.println("Coroutine finished");
        return "Result";
    }

    static void run(RunOptions options) throws Exception {
        Coroutine<String> coro = () -> coroutine(); // nothing printed yet: it has not run
        System.out.println("coro is a " + Coroutine.class.getSimpleName() + ", not run yet");
        String result = Asyncio.run(coro, options);
        System.out.println(result);
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}
